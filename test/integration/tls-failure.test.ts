import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { PdnsInstance, digData, startPdns } from '../harness/pdns';
import { Pebble, startPebble } from '../harness/pebble';
import { freePort } from '../harness/ports';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { curlHttps, waitForTls } from '../harness/tls-clients';

/*
 * A domain whose DNS does not point at this server: the DNS module's A records say
 * 127.0.0.2, where nothing listens (still loopback: no traffic leaves the machine), so
 * pebble's HTTP-01 validation cannot reach the site. The create still answers 201, the
 * account is complete and serves over HTTP, the status says `failed` with the CA's reason,
 * and attempts are retried with growing, capped delays. Once DNS points here, "issue now"
 * gets the certificate.
 */
let root: string;
let daemons: NginxPhp;
let pdns: PdnsInstance;
let pebble: Pebble;
let stack: Stack;
let httpsPort: number;
let liveRoot: string;
const carol = testUsername();
let id: number;

const RETRY = { initialMs: 1000, factor: 2, maxMs: 3000 };

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'tlsfail-'));
  daemons = await startNginxPhp(root);
  pdns = await startPdns({ root, dns: { serverIpv4: '127.0.0.2' } });
  pebble = await startPebble({ root, httpPort: daemons.port, dnsPort: pdns.port });
  httpsPort = await freePort();
  liveRoot = join(root, 'letsencrypt', 'live');
  stack = await startStack({
    agent: {
      web: daemons.web,
      dns: pdns.dns,
      tls: {
        enabled: true, directoryUrl: pebble.directoryUrl, caBundle: pebble.caFile, liveRoot, skipChallengeVerification: true,
        checkIntervalMs: 200, retry: RETRY, pollMinMs: 100, pollMaxMs: 500,
        https: { listen: [`127.0.0.1:${httpsPort}`], redirect: true },
      },
    },
  });
});

afterAll(async () => {
  await stack?.stop();
  await pebble?.stop();
  await pdns?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(root, { recursive: true, force: true });
});

test('create answers 201, the site serves over HTTP and the account is complete, while issuance fails', async () => {
  const domain = testDomain(carol);
  const res = await stack.request('POST', '/api/v1/accounts', { username: carol, domain, email: `owner@${domain}`, password: 's3cur3p@ss', package_id: 1 });
  expect(res.status).toBe(201);
  id = res.body.data.id;
  expect(await digData(pdns.port, domain, 'A')).toEqual(['127.0.0.2']);

  const failed = await waitForTls(stack, id, (s) => s.status === 'failed');
  // The reason is the CA's: pebble could not connect to the address DNS gave it.
  expect(failed.last_error).toMatch(/127\.0\.0\.2/);
  expect(failed.last_error).toMatch(/connection refused|connect/i);
  expect(failed.failures).toBeGreaterThanOrEqual(1);
  expect(failed.expires_at).toBeNull();

  const page = await httpGet(daemons.port, domain, '/');
  expect(page.status).toBe(200); // no redirect without a certificate
  expect(page.body).toContain(`Welcome to ${domain}`);
  expect((await stack.request('GET', `/api/v1/accounts/${id}`)).body.data.status).toBe('active');
  expect(await stack.doctor()).toEqual([]);
  expect(() => lstatSync(join(liveRoot, domain))).toThrow(/ENOENT/);
});

test('failed attempts are retried with growing delays, capped', async () => {
  // Each failure plans the next attempt: next_attempt_at - (time of failure) = the delay.
  const delays: number[] = [];
  let seen = 0;
  const deadline = Date.now() + 40_000;
  while (delays.length < 4 && Date.now() < deadline) {
    const s = (await stack.request('GET', `/api/v1/accounts/${id}/tls`)).body.data;
    if (s.failures > seen && s.next_attempt_at) {
      if (seen > 0 && s.failures === seen + 1) delays.push(Date.parse(s.next_attempt_at) - Date.now());
      seen = s.failures;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(delays.length).toBe(4);
  // failures 2, 3, 4, 5 → 2000, 3000 (cap), 3000, 3000 ms, less the polling lag.
  expect(delays[0]).toBeGreaterThan(1500);
  expect(delays[0]).toBeLessThanOrEqual(2000);
  expect(delays[1]).toBeGreaterThan(delays[0]);
  for (const d of delays.slice(1)) {
    expect(d).toBeGreaterThan(2500);
    expect(d).toBeLessThanOrEqual(RETRY.maxMs);
  }
  expect((await httpGet(daemons.port, testDomain(carol), '/')).status).toBe(200);
});

test('once DNS points here, "issue now" obtains the certificate and HTTPS serves', async () => {
  const domain = testDomain(carol);
  const records = (await stack.request('GET', `/api/v1/accounts/${id}/dns/records`)).body.data;
  for (const r of records.filter((x: { type: string; content: string }) => x.type === 'A' && x.content === '127.0.0.2')) {
    const put = await stack.request('PUT', `/api/v1/accounts/${id}/dns/records/${r.id}`, { name: r.name, type: 'A', content: '127.0.0.1', ttl: r.ttl });
    expect(put.status).toBe(200);
  }
  expect(await digData(pdns.port, `www.${domain}`, 'A')).toEqual(['127.0.0.1']);

  const res = await stack.request('POST', `/api/v1/accounts/${id}/tls/issue`);
  expect(res.status).toBe(200);
  const status = res.body.data.status === 'issued' ? res.body.data : await waitForTls(stack, id, (s) => s.status === 'issued');
  expect(status).toMatchObject({ status: 'issued', source: 'acme', last_error: null, failures: 0 });
  const rootPem = await pebble.rootPem();
  expect(rootPem).toContain('BEGIN CERTIFICATE');
  const page = curlHttps(domain, httpsPort, pebble.rootFile);
  expect(page.error).toBe('');
  expect(page.body).toContain(`Welcome to ${domain}`);
});
