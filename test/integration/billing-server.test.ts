import { statfsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startStack, Stack } from '../harness/stack';
import { accountBody, removeTestUsers, testUsername } from '../harness/names';

/**
 * What a billing system calls besides create/suspend/terminate: its "Test Connection"
 * (GET /server) and finding its account by username (GET /accounts?username=).
 */
let stack: Stack;
const PASSWORD = 'long-enough-pass-1';
const uniq = (p: string): string => `${p}${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  // The API reports the filesystem of the agent's homes.
  stack = await startStack({ api: (root) => ({ homeRoot: join(root, 'home') }) });
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

async function created(username: string, token?: string): Promise<{ id: number; username: string }> {
  const res = await stack.request('POST', '/api/v1/accounts', accountBody(username), token);
  if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function login(name: string, password = PASSWORD): Promise<string> {
  const res = await stack.request('POST', '/api/v1/auth/login', { login: name, password }, null);
  if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data?.token ?? res.body.token;
}

describe('GET /api/v1/server', () => {
  test('a billing token with only account.create reads version, license, counts, load, disk and daemons', async () => {
    const a = await created(testUsername());
    await created(testUsername());
    expect((await stack.request('POST', `/api/v1/accounts/${a.id}/suspend`)).status).toBe(200);

    const billing = await stack.createToken(['account.create']);
    const res = await stack.request('GET', '/api/v1/server', undefined, billing);
    process.stdout.write(`GET /server: ${JSON.stringify(res.body)}\n`);
    expect(res.status).toBe(200);
    const s = res.body.data;
    expect(s.version).toBe(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
    // The harness installs no license: the Free plan with its configured limit.
    expect(s.license).toEqual({ state: 'none', account_limit: 1000, writable: true, expires_at: null });
    expect(s.accounts).toEqual({ provisioning: 0, active: 1, suspended: 1, deleting: 0, total: 2 });
    for (const k of ['1m', '5m', '15m']) expect(s.load[k]).toBeGreaterThanOrEqual(0);
    const fsNow = statfsSync(join(stack.root, 'home'));
    expect(s.disk.path).toBe(join(stack.root, 'home'));
    expect(s.disk.total_mb).toBe(Math.floor((fsNow.blocks * fsNow.bsize) / 1048576));
    expect(s.disk.free_mb).toBeGreaterThan(0);
    expect(s.disk.free_mb).toBeLessThanOrEqual(s.disk.total_mb);
    expect(s.daemons).toEqual({ agent: 'up', database: 'up' });
  });

  test('without a token: 401; a reseller or a customer: 403 (load, disk and license are the host\'s)', async () => {
    expect((await stack.request('GET', '/api/v1/server', undefined, null)).status).toBe(401);
    const reseller = uniq('rs');
    expect((await stack.request('POST', '/api/v1/resellers', { login: reseller, password: PASSWORD })).status).toBe(201);
    const resellerSession = await login(reseller);
    const denied = await stack.request('GET', '/api/v1/server', undefined, resellerSession);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('forbidden');
    // A customer logs in with its account's username and password.
    const customer = await created(testUsername());
    const customerSession = await login(customer.username, accountBody(customer.username).password as string);
    expect((await stack.request('GET', '/api/v1/server', undefined, customerSession)).status).toBe(403);
  });

  test('with the agent stopped it still answers 200 and says agent: down', async () => {
    await stack.stopAgent();
    try {
      const res = await stack.request('GET', '/api/v1/server');
      expect(res.status).toBe(200);
      expect(res.body.data.daemons).toEqual({ agent: 'down', database: 'up' });
    } finally {
      await stack.startAgent();
    }
    // The API's client reconnects within its short back-off; the summary follows.
    let agent = '';
    for (let i = 0; i < 50 && agent !== 'up'; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      agent = (await stack.request('GET', '/api/v1/server')).body.data.daemons.agent;
    }
    expect(agent).toBe('up');
  });
});

describe('GET /api/v1/accounts?username=', () => {
  test('exact match: the one account, none for a prefix, pagination meta kept', async () => {
    const u = testUsername();
    const acc = await created(u);
    await created(testUsername());
    const one = await stack.request('GET', `/api/v1/accounts?username=${u}`);
    expect(one.status).toBe(200);
    expect(one.body.data.map((a: { id: number }) => a.id)).toEqual([acc.id]);
    expect(one.body.meta).toEqual({ page: 1, per_page: 25, total: 1, pages: 1 });
    const prefix = await stack.request('GET', `/api/v1/accounts?username=${u.slice(0, -1)}`);
    expect(prefix.status).toBe(200);
    expect(prefix.body).toEqual({ data: [], meta: { page: 1, per_page: 25, total: 0, pages: 0 } });
  });

  test('a reseller finds only its own customers\' accounts by username', async () => {
    const reseller = uniq('rs');
    expect((await stack.request('POST', '/api/v1/resellers', { login: reseller, password: PASSWORD })).status).toBe(201);
    const session = await login(reseller);
    const mine = await created(testUsername(), session);
    const other = await created(testUsername());
    expect((await stack.request('GET', `/api/v1/accounts?username=${mine.username}`, undefined, session)).body.data.map((a: { id: number }) => a.id)).toEqual([mine.id]);
    const hidden = await stack.request('GET', `/api/v1/accounts?username=${other.username}`, undefined, session);
    expect(hidden.status).toBe(200);
    expect(hidden.body.data).toEqual([]);
    expect(hidden.body.meta.total).toBe(0);
  });

  test.each([
    ['Bad-Name', 'must be 3-32 characters: a lowercase letter followed by lowercase letters or digits'],
    ['a%27%20OR%201%3D1', 'must be 3-32 characters: a lowercase letter followed by lowercase letters or digits'],
  ])('?username=%s is refused with a clear 422', async (value, message) => {
    const res = await stack.request('GET', `/api/v1/accounts?username=${value}`);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details).toEqual([{ field: 'username', message }]);
  });
});
