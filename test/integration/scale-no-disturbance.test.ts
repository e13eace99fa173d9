import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, startNginxPhp } from '../harness/nginx-php';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { sleepingPage, startDisturbanceProbe } from '../harness/disturbance-probe';

/*
 * Issue 15: creating and deleting accounts never interrupts another customer's site.
 * A PHP page of a neighbour that takes 1 s is requested continuously (two visitors at
 * once) while 20 accounts are created and 20 deleted, 5 at a time: every PHP-FPM and
 * nginx reload those cause happens while one of its requests is in flight, and every
 * request must still answer 200 with the whole body. The pools are spread over two
 * PHP-FPM masters (web.php.shards = 2), as a larger server would run them.
 */
let stack: Stack;
let daemons: NginxPhp;
let webRoot: string;
const neighbour = testUsername();
const COUNT = 20;
const IN_FLIGHT = 5;
const BODY = `slow page of the neighbour ${'0123456789'.repeat(100)} end`;

function body(username: string) {
  return { username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: 's3cur3p@ss', package_id: 1 };
}

function uidOf(username: string): number {
  return Number(execFileSync('id', ['-u', username]).toString().trim());
}

function phpReloadsPerMaster(): Record<string, number> {
  try {
    const stats = JSON.parse(readFileSync(join(stack.root, 'state', 'web-reload-stats.json'), 'utf8'));
    return Object.fromEntries(Object.entries(stats.daemons as Record<string, { reloads: number }>)
      .filter(([name]) => name.startsWith('php-fpm8.2')).map(([name, d]) => [name, d.reloads]));
  } catch {
    return {};
  }
}

function phpReloads(): number {
  try {
    const stats = JSON.parse(readFileSync(join(stack.root, 'state', 'web-reload-stats.json'), 'utf8'));
    // Two PHP-FPM masters share the pools (web.php.shards): php-fpm8.2-0 and php-fpm8.2-1.
    return Object.entries(stats.daemons as Record<string, { reloads: number }>)
      .filter(([name]) => name.startsWith('php-fpm8.2')).reduce((sum, [, d]) => sum + d.reloads, 0);
  } catch {
    return 0;
  }
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

beforeAll(async () => {
  webRoot = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'web-'));
  daemons = await startNginxPhp(webRoot, { phpShards: 2 });
  stack = await startStack({ agent: { web: daemons.web } });
  const created = await stack.request('POST', '/api/v1/accounts', body(neighbour));
  expect(created.status).toBe(201);
  const page = join(stack.root, 'home', neighbour, 'public_html', 'slow.php');
  writeFileSync(page, sleepingPage(1000, BODY));
  chownSync(page, uidOf(neighbour), uidOf(neighbour));
});

afterAll(async () => {
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(webRoot, { recursive: true, force: true });
});

test(`a neighbour's 1-second PHP page answers 200 with its whole body during ${COUNT} creates and ${COUNT} deletes`, async () => {
  const probe = startDisturbanceProbe({ port: daemons.port, host: testDomain(neighbour), path: '/slow.php', expectBody: BODY, loops: 2 });
  const reloadsBefore = phpReloads();
  const names = Array.from({ length: COUNT }, () => testUsername());
  const ids: number[] = [];
  const refused: string[] = [];
  await inParallel(names, IN_FLIGHT, async (name) => {
    const res = await stack.request('POST', '/api/v1/accounts', body(name));
    if (res.status === 201) ids.push(res.body.data.id);
    else refused.push(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  });
  const createReloads = phpReloads() - reloadsBefore;
  await inParallel([...ids], IN_FLIGHT, async (id) => {
    const res = await stack.request('DELETE', `/api/v1/accounts/${id}`);
    if (res.status !== 204) refused.push(`delete ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  });
  const result = await probe.stop();
  const reloads = phpReloads() - reloadsBefore;
  console.log(`disturbance probe: ${result.requests} requests, ${result.failures} failures, slowest ${result.maxMs} ms, during ${reloads} PHP-FPM reloads (${createReloads} for the creates)`);

  expect(refused).toEqual([]);
  expect(ids).toHaveLength(COUNT);
  // The reloads really happened while the page was being served.
  expect(reloads).toBeGreaterThan(1);
  // Creates in flight add their pools to the master being filled (PoolPlacement), which
  // tests and reloads them together.
  expect(createReloads).toBeLessThan(COUNT);
  // Each master got its share of the new pools (filled in turn, within 8 of each other).
  expect(Object.keys(phpReloadsPerMaster()).sort()).toEqual(['php-fpm8.2-0', 'php-fpm8.2-1']);
  expect(Object.values(phpReloadsPerMaster()).every((n) => n > 0)).toBe(true);
  expect(result.requests).toBeGreaterThanOrEqual(4);
  expect(result.reasons).toEqual([]);
  expect(result.failures).toBe(0);
});
