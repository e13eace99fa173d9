import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createDb, KnexLoginThrottle, parseApiConfig, throttleRules } from '@hearth/api';
import { RateLimitedError } from '@hearth/shared';
import { startStack, Stack } from '../harness/stack';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { recordSecret } from '../harness/secrets';

/**
 * Login throttling as an attacker meets it: 50 simultaneous guesses at one login, through
 * the panel login and through UAPI Basic auth (one shared budget, kept in MariaDB). Only
 * the budget is admitted to a password check (401); every other guess is refused before
 * it (429 rate_limited with Retry-After), and the counter in the database shows exactly
 * the budget admitted. The real owner still gets in once the delay has passed.
 */
const run = promisify(execFile);
const PASSWORD = 'Owner-pass-2026';
const BUDGET = 5;
const THROTTLE = { maxFailuresPerLogin: BUDGET, maxFailuresPerAddress: 1000, baseDelaySeconds: 20, maxDelaySeconds: 40, windowSeconds: 600 };
let stack: Stack;

beforeAll(async () => {
  recordSecret(PASSWORD);
  stack = await startStack({ api: { loginThrottle: THROTTLE } });
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function panelLogin(url: string, login: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: string } };
}

async function uapiCall(user: string, password: string) {
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const res = await fetch(`${stack.url}/execute/UserManager/list_users`, { headers: { authorization: auth } });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { result?: { status: number } } };
}

async function loginCounter(login: string): Promise<number> {
  const row = await stack.db('login_throttle').where({ throttle_key: `login:${login}` }).first();
  return Number(row?.failures ?? 0);
}

function expectOnlyBudgetChecked(answers: { status: number; retryAfter: string | null; body: unknown }[]): number {
  const statuses = answers.map((a) => a.status);
  const odd = answers.filter((a) => a.status !== 401 && a.status !== 429);
  expect(odd).toEqual([]);
  expect(statuses.filter((s) => s === 401)).toHaveLength(BUDGET);
  expect(statuses.filter((s) => s === 429)).toHaveLength(50 - BUDGET);
  const waits = answers.filter((a) => a.status === 429).map((a) => Number(a.retryAfter));
  for (const w of waits) expect(w).toBeGreaterThanOrEqual(1);
  return Math.max(...waits);
}

async function newAccount(): Promise<{ username: string; id: number }> {
  const username = testUsername();
  const domain = testDomain(username);
  const res = await stack.request('POST', '/api/v1/accounts', { username, domain, email: `owner@${domain}`, password: PASSWORD, package_id: 1 });
  expect(res.status).toBe(201);
  return { username, id: res.body.data.id };
}

describe('panel login', () => {
  test('50 simultaneous wrong passwords: only the budget is checked, the rest get 429 with Retry-After; the owner logs in after the delay', async () => {
    const { username } = await newAccount();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => panelLogin(stack.url, username, `wrong-guess-${i}`)));
    const wait = expectOnlyBudgetChecked(answers);
    expect(answers.filter((a) => a.status === 429).every((a) => a.body.error === 'rate_limited')).toBe(true);
    // The database saw exactly the budget admitted: no guess slipped past the reservation.
    expect(await loginCounter(username)).toBe(BUDGET);

    // The right password right now is refused unchecked; the counter is in the database, not in
    // the process: another API process's throttle (its own connection) refuses as well.
    expect((await panelLogin(stack.url, username, PASSWORD)).status).toBe(429);
    const otherDb = createDb(parseApiConfig(stack.apiConfig).database);
    try {
      const other = new KnexLoginThrottle(otherDb, throttleRules(parseApiConfig(stack.apiConfig).loginThrottle));
      await expect(other.reserve(username, '192.0.2.1')).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      await otherDb.destroy();
    }

    // Not a lockout: after the delay, the owner's right password works, and clears the count.
    await sleep(wait * 1000 + 200);
    const owner = await panelLogin(stack.url, username, PASSWORD);
    expect(owner.status).toBe(200);
    expect(await loginCounter(username)).toBe(0);
    expect((await panelLogin(stack.url, username, 'one-more-typo')).status).toBe(401);
    expect((await panelLogin(stack.url, username, PASSWORD)).status).toBe(200);
  });

  test('delays grow: after the budget, each admitted wrong guess doubles the wait (up to the maximum)', async () => {
    const { username } = await newAccount();
    for (let i = 0; i < BUDGET; i++) expect((await panelLogin(stack.url, username, `bad-${i}`)).status).toBe(401);
    const first = await panelLogin(stack.url, username, 'bad-x');
    expect(first.status).toBe(429);
    expect(Number(first.retryAfter)).toBeLessThanOrEqual(20);
    await sleep(Number(first.retryAfter) * 1000 + 200);
    expect((await panelLogin(stack.url, username, 'bad-y')).status).toBe(401);
    const second = await panelLogin(stack.url, username, 'bad-z');
    expect(second.status).toBe(429);
    expect(Number(second.retryAfter)).toBeGreaterThan(20);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(40);
  });
});

describe('UAPI Basic auth', () => {
  test('50 simultaneous wrong passwords: only the budget is checked; the owner gets in after the delay', async () => {
    const { username } = await newAccount();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => uapiCall(username, `wrong-guess-${i}`)));
    const wait = expectOnlyBudgetChecked(answers);
    expect(await loginCounter(username)).toBe(BUDGET);
    await sleep(wait * 1000 + 200);
    const owner = await uapiCall(username, PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.body.result?.status).toBe(1);
  });

  test('one budget for both doors: guesses over UAPI throttle the panel login of the same name', async () => {
    const { username } = await newAccount();
    const answers = await Promise.all(Array.from({ length: BUDGET }, (_, i) => uapiCall(username, `uapi-guess-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(BUDGET).fill(401));
    const panel = await panelLogin(stack.url, username, PASSWORD);
    expect(panel.status).toBe(429);
    expect(Number(panel.retryAfter)).toBeGreaterThanOrEqual(1);
  });
});

describe('client address behind a proxy', () => {
  let proxied: Stack;
  beforeAll(async () => {
    // 127.0.0.2 plays the reverse proxy; 127.0.0.1 is a client talking to the API directly.
    proxied = await startStack({ api: { listen: { host: '127.0.0.1', port: 0, plainHttp: true, trustedProxies: ['127.0.0.2'] }, loginThrottle: { ...THROTTLE, maxFailuresPerLogin: 100, maxFailuresPerAddress: 3, baseDelaySeconds: 120, maxDelaySeconds: 240 } } });
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  async function curlLogin(from: string, forwardedFor: string, login: string): Promise<number> {
    const { stdout } = await run('curl', [
      '-s', '-o', '/dev/null', '-w', '%{http_code}', '--interface', from, '-H', 'content-type: application/json',
      '-H', `X-Forwarded-For: ${forwardedFor}`, '--data', JSON.stringify({ login, password: 'Spray-pass-1' }), `${proxied.url}/api/v1/auth/login`,
    ]);
    return Number(stdout);
  }

  test('a direct client cannot pick its address with X-Forwarded-For', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await curlLogin('127.0.0.1', `198.51.100.${i + 1}`, `spray${i}a`));
    expect(codes).toEqual([401, 401, 401, 429]);
  });

  test('behind the configured proxy, each client address has its own budget', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await curlLogin('127.0.0.2', '203.0.113.7', `spray${i}b`));
    expect(codes).toEqual([401, 401, 401, 429]);
    // The proxy's other client is not punished for the first one's spraying; a client's own
    // spoofed entry to the left of the proxy's does not count either.
    expect(await curlLogin('127.0.0.2', '203.0.113.8', 'spray-c')).toBe(401);
    expect(await curlLogin('127.0.0.2', '198.51.100.77, 203.0.113.7', 'spray-d')).toBe(429);
  });

  test('the proxy list is validated at start-up', () => {
    const base = { ...proxied.apiConfig, listen: { host: '127.0.0.1', port: 0, plainHttp: true } };
    expect(() => parseApiConfig({ ...base, listen: { ...base.listen, trustedProxies: ['proxy.example.com'] } })).toThrow(/trustedProxies/);
    expect(() => parseApiConfig({ ...base, listen: { ...base.listen, trustedProxies: ['10.0.0.0/33'] } })).toThrow(/trustedProxies/);
    expect(parseApiConfig({ ...base, listen: { ...base.listen, trustedProxies: ['10.0.0.0/8', '::1'] } }).listen.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
  });
});
