import { randomBytes } from 'node:crypto';
import { startStack, Stack } from '../harness/stack';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { KnexTokenStore, TokenService } from '@hearth/api';

/**
 * Every role × every people/accounts endpoint, asserting the status. Roles act in turn
 * (role-major), each on its own fresh objects where the call changes something, so
 * the rows do not depend on each other across roles.
 */
const PASSWORD = 's3cur3p@ss';
let stack: Stack;

type Who = 'ADMIN' | 'MASTER' | 'RESALE' | 'CUSTOMER' | 'RESALE_TOKEN' | 'NONE';
const WHO: Who[] = ['ADMIN', 'MASTER', 'RESALE', 'CUSTOMER', 'RESALE_TOKEN', 'NONE'];

const uniq = (p: string) => `${p}${randomBytes(4).toString('hex')}`;

function accountBody(username: string, extra: Record<string, unknown> = {}) {
  return { username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: PASSWORD, package_id: 1, ...extra };
}

async function ok(res: Promise<{ status: number; body: any }>, status = 201): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body?.data ?? r.body;
}

async function login(name: string): Promise<string> {
  return (await ok(stack.request('POST', '/api/v1/auth/login', { login: name, password: PASSWORD }, null), 200)).token;
}

/** Per-role fresh objects, all inside reseller A's scope. */
interface Fixture {
  freshAccount: number;
  freshCustomer: number;
  freshHardCustomer: number;
  freshReseller: number;
}

const credentials: Partial<Record<Who, string | null>> = {};
const fixtures: Partial<Record<Who, Fixture>> = {};
let resellerA: number;
let customerA1: number;
let accountA1: number;
let customerB1: number;
let accountB1: number;

beforeAll(async () => {
  stack = await startStack();
  const admin = stack.token;
  const adminLogin = uniq('adm');
  await ok(stack.request('POST', '/api/v1/staff', { role: 'ADMIN', login: adminLogin, password: PASSWORD }, admin));
  const masterLogin = uniq('mst');
  await ok(stack.request('POST', '/api/v1/staff', { role: 'MASTER', login: masterLogin, password: PASSWORD }, admin));
  const aLogin = uniq('rsa');
  resellerA = (await ok(stack.request('POST', '/api/v1/resellers', { login: aLogin, password: PASSWORD }, admin))).id;
  const bLogin = uniq('rsb');
  await ok(stack.request('POST', '/api/v1/resellers', { login: bLogin, password: PASSWORD }, admin));

  credentials.ADMIN = await login(adminLogin);
  credentials.MASTER = await login(masterLogin);
  credentials.RESALE = await login(aLogin);
  const tokens = new TokenService(new KnexTokenStore(stack.db));
  credentials.RESALE_TOKEN = (await tokens.create('billing-for-a', ['*'], null, resellerA)).token;
  credentials.NONE = null;

  // Reseller A's customer with one account: the account's username and password are the customer's login.
  const a1 = testUsername();
  const acc = await ok(stack.request('POST', '/api/v1/accounts', accountBody(a1), credentials.RESALE));
  accountA1 = acc.id;
  customerA1 = (await stack.db('accounts').where({ id: accountA1 }).first()).customer_id;
  credentials.CUSTOMER = await login(a1);
  // Reseller B's customer and account.
  const b1 = testUsername();
  const bSession = await login(bLogin);
  accountB1 = (await ok(stack.request('POST', '/api/v1/accounts', accountBody(b1), bSession))).id;
  customerB1 = (await stack.db('accounts').where({ id: accountB1 }).first()).customer_id;

  for (const who of WHO) {
    const freshCustomer = (await ok(stack.request('POST', '/api/v1/customers', { login: uniq('cus'), password: PASSWORD, reseller_id: resellerA }, admin))).id;
    const freshHardCustomer = (await ok(stack.request('POST', '/api/v1/customers', { login: uniq('cus'), password: PASSWORD, reseller_id: resellerA }, admin))).id;
    const holder = (await ok(stack.request('POST', '/api/v1/customers', { login: uniq('cus'), password: PASSWORD, reseller_id: resellerA }, admin))).id;
    const freshAccount = (await ok(stack.request('POST', '/api/v1/accounts', accountBody(testUsername(), { customer_id: holder }), admin))).id;
    const freshReseller = (await ok(stack.request('POST', '/api/v1/resellers', { login: uniq('rsx'), password: PASSWORD }, admin))).id;
    // A customer tries to terminate its own account (403: not its role); the others a fresh one.
    fixtures[who] = { freshAccount: who === 'CUSTOMER' ? accountA1 : freshAccount, freshCustomer, freshHardCustomer, freshReseller };
  }
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

interface Row {
  name: string;
  method: string;
  path: (f: Fixture) => string;
  body?: () => unknown;
  expect: Record<Who, number>;
}

const all = (n: number, overrides: Partial<Record<Who, number>> = {}): Record<Who, number> => ({
  ADMIN: n, MASTER: n, RESALE: n, CUSTOMER: n, RESALE_TOKEN: n, NONE: 401, ...overrides,
});

const ROWS: Row[] = [
  { name: 'who am I', method: 'GET', path: () => '/api/v1/auth/me', expect: all(200) },
  { name: 'list accounts', method: 'GET', path: () => '/api/v1/accounts', expect: all(200) },
  { name: 'read own-scope account', method: 'GET', path: () => `/api/v1/accounts/${accountA1}`, expect: all(200) },
  { name: "read reseller B's account", method: 'GET', path: () => `/api/v1/accounts/${accountB1}`, expect: all(200, { RESALE: 404, CUSTOMER: 404, RESALE_TOKEN: 404 }) },
  { name: 'create account', method: 'POST', path: () => '/api/v1/accounts', body: () => accountBody(testUsername()), expect: all(201, { CUSTOMER: 403 }) },
  { name: 'suspend account', method: 'POST', path: () => `/api/v1/accounts/${accountA1}/suspend`, expect: all(200, { CUSTOMER: 403 }) },
  { name: 'unsuspend account', method: 'POST', path: () => `/api/v1/accounts/${accountA1}/unsuspend`, expect: all(200, { CUSTOMER: 403 }) },
  { name: 'delete account', method: 'DELETE', path: (f) => `/api/v1/accounts/${f.freshAccount}`, expect: all(204, { CUSTOMER: 403 }) },
  { name: 'list packages', method: 'GET', path: () => '/api/v1/packages', expect: all(200) },
  { name: 'create package', method: 'POST', path: () => '/api/v1/packages', body: () => ({ name: uniq('pkg'), php_versions: ['8.2'] }), expect: all(201, { RESALE: 403, CUSTOMER: 403, RESALE_TOKEN: 403 }) },
  { name: 'list customers', method: 'GET', path: () => '/api/v1/customers', expect: all(200) },
  { name: 'create customer', method: 'POST', path: () => '/api/v1/customers', body: () => ({ login: uniq('cus'), password: PASSWORD }), expect: all(201, { CUSTOMER: 403 }) },
  { name: 'read own-scope customer', method: 'GET', path: () => `/api/v1/customers/${customerA1}`, expect: all(200) },
  { name: "read reseller B's customer", method: 'GET', path: () => `/api/v1/customers/${customerB1}`, expect: all(200, { RESALE: 404, CUSTOMER: 404, RESALE_TOKEN: 404 }) },
  { name: 'update customer', method: 'PATCH', path: () => `/api/v1/customers/${customerA1}`, body: () => ({ name: 'Renamed' }), expect: all(200, { CUSTOMER: 403 }) },
  { name: 'delete customer', method: 'DELETE', path: (f) => `/api/v1/customers/${f.freshCustomer}`, expect: all(200, { CUSTOMER: 403 }) },
  { name: 'hard-delete customer', method: 'DELETE', path: (f) => `/api/v1/customers/${f.freshHardCustomer}?hard=true`, expect: all(403, { ADMIN: 200 }) },
  { name: 'list resellers', method: 'GET', path: () => '/api/v1/resellers', expect: all(403, { ADMIN: 200, MASTER: 200 }) },
  { name: 'create reseller', method: 'POST', path: () => '/api/v1/resellers', body: () => ({ login: uniq('rsn'), password: PASSWORD }), expect: all(403, { ADMIN: 201, MASTER: 201 }) },
  { name: 'read reseller', method: 'GET', path: () => `/api/v1/resellers/${resellerA}`, expect: all(403, { ADMIN: 200, MASTER: 200 }) },
  { name: 'update reseller', method: 'PATCH', path: () => `/api/v1/resellers/${resellerA}`, body: () => ({ name: 'Reseller A' }), expect: all(403, { ADMIN: 200, MASTER: 200 }) },
  { name: 'delete reseller', method: 'DELETE', path: (f) => `/api/v1/resellers/${f.freshReseller}`, expect: all(403, { ADMIN: 204, MASTER: 204 }) },
  { name: 'list staff', method: 'GET', path: () => '/api/v1/staff', expect: all(403, { ADMIN: 200, MASTER: 200 }) },
  { name: 'create MASTER', method: 'POST', path: () => '/api/v1/staff', body: () => ({ role: 'MASTER', login: uniq('mst'), password: PASSWORD }), expect: all(403, { ADMIN: 201, MASTER: 201 }) },
  { name: 'create ADMIN', method: 'POST', path: () => '/api/v1/staff', body: () => ({ role: 'ADMIN', login: uniq('adm'), password: PASSWORD }), expect: all(403, { ADMIN: 201 }) },
  { name: 'read audit log', method: 'GET', path: () => '/api/v1/audit', expect: all(200, { CUSTOMER: 403 }) },
  // Last: ends the session (tokens are not sessions: 422).
  { name: 'log out', method: 'POST', path: () => '/api/v1/auth/logout', expect: all(204, { RESALE_TOKEN: 422 }) },
  { name: 'after log out', method: 'GET', path: () => '/api/v1/auth/me', expect: all(401, { RESALE_TOKEN: 200 }) },
];

describe.each(WHO)('as %s', (who) => {
  test.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const res = await stack.request(row.method, row.path(fixtures[who]!), row.body?.(), credentials[who] ?? null);
    if (res.status !== row.expect[who]) throw new Error(`${who} ${row.method} ${row.path(fixtures[who]!)}: expected ${row.expect[who]}, got ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.status).toBe(row.expect[who]);
    expect(res.headers.get('content-type') ?? '').toMatch(/json|^$/);
  });
});
