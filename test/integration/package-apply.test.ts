import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, startNginxPhp } from '../harness/nginx-php';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/**
 * PATCH /packages/{id} (issue 17): changed limits are applied to every account on the
 * package, one agent operation per account, with progress in GET /packages/{id}; the work
 * is recorded in the panel DB, so with the agent down it waits, and across an API restart
 * it continues. Pool files of real php-fpm pools show the result.
 */
let stack: Stack;
let daemons: NginxPhp;
let webRoot: string;

beforeAll(async () => {
  webRoot = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'pkgapply-'));
  daemons = await startNginxPhp(webRoot);
  stack = await startStack({ agent: { web: daemons.web } });
});

afterAll(async () => {
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(webRoot, { recursive: true, force: true });
});

const pool = (username: string): string => readFileSync(join(daemons.web.php.poolDirPattern.replace('{version}', '8.2'), `${testDomain(username)}.conf`), 'utf8');

async function settled(packageId: number, timeoutMs = 90_000): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await stack.request('GET', `/api/v1/packages/${packageId}`);
    expect(res.status).toBe(200);
    if (res.body.data.apply && res.body.data.apply.state !== 'running') return res.body.data.apply;
    if (Date.now() > until) throw new Error(`apply still running: ${JSON.stringify(res.body.data.apply)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('PATCH /api/v1/packages/{id} applies the limits to its accounts', () => {
  const users = [testUsername(), testUsername(), testUsername()];
  const suspended = testUsername();
  let pkg: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const made = await stack.request('POST', '/api/v1/packages', { name: `apply-${randomBytes(4).toString('hex')}`, php_versions: ['8.2'], php_workers: 3, php_memory_mb: 96 });
    expect(made.status).toBe(201);
    pkg = made.body.data.id;
    expect(made.body.data.apply).toBeUndefined();
    for (const u of [...users, suspended]) {
      const res = await stack.request('POST', '/api/v1/accounts', { username: u, domain: testDomain(u), email: `o@${testDomain(u)}`, password: 'long-enough-pass-1', package_id: pkg });
      expect(res.status).toBe(201);
      ids[u] = res.body.data.id;
    }
    expect((await stack.request('POST', `/api/v1/accounts/${ids[suspended]}/suspend`)).status).toBe(200);
  });

  test('before any edit there is no apply; a name-only edit starts none', async () => {
    expect((await stack.request('GET', `/api/v1/packages/${pkg}`)).body.data.apply).toBeNull();
    const renamed = await stack.request('PATCH', `/api/v1/packages/${pkg}`, { name: `renamed-${randomBytes(4).toString('hex')}` });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.apply).toBeNull();
  });

  test('a memory edit reaches every active account\'s pool; the suspended one is reported as failed with why', async () => {
    for (const u of users) expect(pool(u)).toMatch(/^php_admin_value\[memory_limit\] = 96M$/m);
    const res = await stack.request('PATCH', `/api/v1/packages/${pkg}`, { php_memory_mb: 160 });
    expect(res.status).toBe(200);
    expect(res.body.data.php_memory_mb).toBe(160);
    expect(res.body.data.apply).toMatchObject({ total: 4 });
    const apply = await settled(pkg);
    process.stdout.write(`apply: ${JSON.stringify(apply)}\n`);
    expect(apply).toMatchObject({ total: 4, done: 3, failed: 1, pending: 0, state: 'failed' });
    expect(apply.failures).toEqual([{ account_id: ids[suspended], error: expect.stringMatching(/suspended/) }]);
    for (const u of users) {
      expect(pool(u)).toMatch(/^php_admin_value\[memory_limit\] = 160M$/m);
      expect(pool(u)).toMatch(/^pm\.max_children = 3$/m);
    }
  });

  test('with the agent down the apply waits; across an API restart it continues and finishes', async () => {
    expect((await stack.request('POST', `/api/v1/accounts/${ids[suspended]}/unsuspend`)).status).toBe(200);
    await stack.stopAgent();
    const res = await stack.request('PATCH', `/api/v1/packages/${pkg}`, { php_workers: 6 });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    const waiting = (await stack.request('GET', `/api/v1/packages/${pkg}`)).body.data.apply;
    expect(waiting).toMatchObject({ total: 4, done: 0, pending: 4, state: 'running' });
    for (const u of users) expect(pool(u)).toMatch(/^pm\.max_children = 3$/m);

    await stack.restartApi();
    await stack.startAgent();
    const apply = await settled(pkg);
    expect(apply).toMatchObject({ total: 4, done: 4, failed: 0, pending: 0, state: 'done' });
    for (const u of [...users, suspended]) {
      expect(pool(u)).toMatch(/^pm\.max_children = 6$/m);
      expect(pool(u)).toMatch(/^php_admin_value\[memory_limit\] = 160M$/m);
    }
  });
});
