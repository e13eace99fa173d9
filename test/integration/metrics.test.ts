import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, startNginxPhp } from '../harness/nginx-php';
import { freePort } from '../harness/ports';
import { accountBody, removeTestUsers, testDomain, testUsername } from '../harness/names';

/*
 * Issue 14: /metrics in Prometheus text format on loopback listeners of the API and the
 * agent. A create that succeeds and one that nginx -t refuses must move the request
 * counters and histograms (API), the operation counters by outcome and step, and the
 * reload counters and durations (agent).
 */
let stack: Stack;
let daemons: NginxPhp;
let root: string;
let agentMetricsUrl: string;
const badUser = testUsername();

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'metrics-'));
  daemons = await startNginxPhp(root);
  const agentPort = await freePort();
  agentMetricsUrl = `http://127.0.0.1:${agentPort}/metrics`;
  stack = await startStack({
    agent: {
      web: { ...daemons.web, faultNginxTestFor: [testDomain(badUser)] },
      metrics: { enabled: true, host: '127.0.0.1', port: agentPort },
    },
    api: { metrics: { enabled: true, host: '127.0.0.1', port: 0 } },
  });
});

afterAll(async () => {
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(root, { recursive: true, force: true });
});

async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** The sample's value (0 when absent), and its line for the report. */
function value(samples: Map<string, number>, series: string): number {
  return samples.get(series) ?? 0;
}

test('a create and a failed create move the API and agent counters and histograms', async () => {
  const apiUrl = stack.api()!.metricsUrl!;
  expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const apiBefore = await scrape(apiUrl);
  const agentBefore = await scrape(agentMetricsUrl);

  const good = await stack.request('POST', '/api/v1/accounts', accountBody(testUsername()));
  expect(good.status).toBe(201);
  const bad = await stack.request('POST', '/api/v1/accounts', accountBody(badUser));
  expect(bad.status).toBe(500);
  expect(bad.body.error).toBe('provisioning_failed');

  const apiAfter = await scrape(apiUrl);
  const agentAfter = await scrape(agentMetricsUrl);
  const moved: string[] = [];
  const expectMoved = (before: Map<string, number>, after: Map<string, number>, series: string, by?: number): void => {
    const delta = value(after, series) - value(before, series);
    if (by === undefined) expect(delta).toBeGreaterThan(0);
    else expect(delta).toBe(by);
    moved.push(`${series} ${value(after, series)}  (was ${value(before, series)})`);
  };

  const created = 'method="POST",route="/api/v1/accounts",status="201"';
  const failed = 'method="POST",route="/api/v1/accounts",status="500"';
  expectMoved(apiBefore, apiAfter, `hearth_api_http_requests_total{${created}}`, 1);
  expectMoved(apiBefore, apiAfter, `hearth_api_http_requests_total{${failed}}`, 1);
  expectMoved(apiBefore, apiAfter, `hearth_api_http_request_duration_seconds_count{${created}}`, 1);
  expectMoved(apiBefore, apiAfter, `hearth_api_http_request_duration_seconds_bucket{le="+Inf",${created}}`, 1);
  expectMoved(apiBefore, apiAfter, `hearth_api_http_request_duration_seconds_sum{${failed}}`);
  expect(value(apiAfter, 'hearth_license_state{state="none"}')).toBe(1);
  expect(value(apiAfter, 'hearth_accounts{status="active"}')).toBeGreaterThanOrEqual(1);

  expectMoved(agentBefore, agentAfter, 'hearth_agent_operations_total{kind="create_account",outcome="succeeded",step=""}', 1);
  const failedStep = [...agentAfter.keys()].find((k) => k.startsWith('hearth_agent_operations_total{kind="create_account",outcome="failed"'));
  expect(failedStep).toBeDefined();
  expectMoved(agentBefore, agentAfter, failedStep!, 1);
  expectMoved(agentBefore, agentAfter, 'hearth_agent_operation_duration_seconds_count{kind="create_account",outcome="succeeded"}', 1);
  expectMoved(agentBefore, agentAfter, 'hearth_agent_rpcs_total{rpc="AccountService/CreateAccount",code="OK"}', 1);
  expectMoved(agentBefore, agentAfter, 'hearth_daemon_reloads_total{daemon="nginx",outcome="ok"}');
  expectMoved(agentBefore, agentAfter, 'hearth_daemon_reload_duration_seconds_count{daemon="nginx"}');
  expect(value(agentAfter, 'hearth_agent_journal_backlog')).toBe(0);
  // prom-client's process metrics are collected once the listener is on (and only then).
  expect(value(agentAfter, 'hearth_agent_process_resident_memory_bytes')).toBeGreaterThan(0);
  expect(agentAfter.has('hearth_agent_nodejs_eventloop_lag_p99_seconds')).toBe(true);
  console.log(`metrics after one create and one failed create:\n${moved.join('\n')}\nhearth_agent_journal_backlog ${value(agentAfter, 'hearth_agent_journal_backlog')}\nhearth_license_state{state="none"} 1`);
});

test('the listeners serve /metrics only, and the config refuses a non-loopback address', async () => {
  const other = await fetch(stack.api()!.metricsUrl!.replace('/metrics', '/'));
  expect(other.status).toBe(404);
  const { parseApiConfig } = await import('@hearth/api');
  expect(() => parseApiConfig({ ...stack.apiConfig, metrics: { enabled: true, host: '0.0.0.0', port: 9471 } })).toThrow(/metrics.host/);
});
