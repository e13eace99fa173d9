import { randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import knex, { Knex } from 'knex';
import { startStack, Stack } from '../harness/stack';
import { linuxUserExists, removeTestUsers, testDomain, testUsername } from '../harness/names';

const PASSWORD = 's3cur3p@ss';
let stack: Stack;
const uniq = (p: string) => `${p}${randomBytes(4).toString('hex')}`;

function accountBody(username: string, extra: Record<string, unknown> = {}) {
  return { username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: PASSWORD, package_id: 1, ...extra };
}

async function ok(res: Promise<{ status: number; body: any }>, status = 201): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body?.data ?? r.body;
}

async function login(name: string, password = PASSWORD): Promise<string> {
  return (await ok(stack.request('POST', '/api/v1/auth/login', { login: name, password }, null), 200)).token;
}

async function newReseller(): Promise<{ id: number; login: string; session: string }> {
  const name = uniq('rs');
  const { id } = await ok(stack.request('POST', '/api/v1/resellers', { login: name, password: PASSWORD }));
  return { id, login: name, session: await login(name) };
}

async function staff(role: 'ADMIN' | 'MASTER'): Promise<string> {
  const name = uniq(role.toLowerCase());
  await ok(stack.request('POST', '/api/v1/staff', { role, login: name, password: PASSWORD }));
  return login(name);
}

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

describe('reseller isolation', () => {
  test("reseller A cannot list, read, suspend or delete reseller B's customers or accounts: 404, each attempt audited", async () => {
    const a = await newReseller();
    const b = await newReseller();
    const bUser = testUsername();
    const bAccount = await ok(stack.request('POST', '/api/v1/accounts', accountBody(bUser), b.session));
    const bCustomer = (await stack.db('accounts').where({ id: bAccount.id }).first()).customer_id;
    const aUser = testUsername();
    const aAccount = await ok(stack.request('POST', '/api/v1/accounts', accountBody(aUser), a.session));

    // Lists show only A's own.
    const accounts = await ok(stack.request('GET', '/api/v1/accounts', undefined, a.session), 200);
    expect(accounts.map((x: { id: number }) => x.id)).toEqual([aAccount.id]);
    const customers = await ok(stack.request('GET', '/api/v1/customers', undefined, a.session), 200);
    expect(customers.map((x: { login: string }) => x.login)).toEqual([aUser]);

    const attempts: [string, string][] = [
      ['GET', `/api/v1/accounts/${bAccount.id}`],
      ['POST', `/api/v1/accounts/${bAccount.id}/suspend`],
      ['DELETE', `/api/v1/accounts/${bAccount.id}`],
      ['GET', `/api/v1/accounts/${bAccount.id}/databases`],
      ['GET', `/api/v1/customers/${bCustomer}`],
      ['PATCH', `/api/v1/customers/${bCustomer}`],
      ['DELETE', `/api/v1/customers/${bCustomer}`],
    ];
    for (const [method, path] of attempts) {
      const res = await stack.request(method, path, method === 'PATCH' ? { name: 'x' } : undefined, a.session);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    // Indistinguishable from an id that does not exist.
    const absent = await stack.request('GET', '/api/v1/accounts/2147483000', undefined, a.session);
    const hidden = await stack.request('GET', `/api/v1/accounts/${bAccount.id}`, undefined, a.session);
    expect(hidden.body.error).toBe(absent.body.error);

    // B's account is untouched.
    expect((await ok(stack.request('GET', `/api/v1/accounts/${bAccount.id}`), 200)).status).toBe('active');
    expect(linuxUserExists(bUser)).toBe(true);

    // Every attempt is in the audit log as denied, with A as the actor; A can read them.
    const entries = await ok(stack.request('GET', `/api/v1/audit?actor_type=person&actor_id=${a.id}&outcome=denied&per_page=100`), 200);
    for (const [method, path] of attempts) {
      expect(entries).toContainEqual(expect.objectContaining({
        actor_label: a.login, role: 'RESALE', outcome: 'denied', status: 404, target: path.replace('/api/v1/', ''),
        action: `${method} ${path.replace('/api/v1', '').replace(/\/[0-9]+(?=\/|$)/g, '/:id')}`, source_ip: '127.0.0.1',
      }));
    }
    const mine = await ok(stack.request('GET', '/api/v1/audit?per_page=100', undefined, a.session), 200);
    expect(mine.length).toBeGreaterThanOrEqual(attempts.length);
    expect(mine.every((e: { scope_reseller_id: number }) => e.scope_reseller_id === a.id)).toBe(true);
    // B does not see A's attempts.
    const theirs = await ok(stack.request('GET', '/api/v1/audit?per_page=100', undefined, b.session), 200);
    expect(theirs.some((e: { actor_label: string }) => e.actor_label === a.login)).toBe(false);
  });

  test('a token bound to a reseller acts only within that reseller', async () => {
    const a = await newReseller();
    const other = await ok(stack.request('POST', '/api/v1/accounts', accountBody(testUsername())));
    const { KnexTokenStore, TokenService } = await import('@hearth/api');
    const token = (await new TokenService(new KnexTokenStore(stack.db)).create('billing-a', ['*'], null, a.id)).token;
    expect((await stack.request('GET', `/api/v1/accounts/${other.id}`, undefined, token)).status).toBe(404);
    const mine = await ok(stack.request('POST', '/api/v1/accounts', accountBody(testUsername()), token));
    const row = await stack.db('accounts').where({ id: mine.id }).first();
    expect((await stack.db('people').where({ id: row.customer_id }).first()).reseller_id).toBe(a.id);
    // "*" on a reseller token is not admin: no packages, no resellers.
    expect((await stack.request('POST', '/api/v1/packages', { name: uniq('p'), php_versions: ['8.2'] }, token)).status).toBe(403);
    expect((await stack.request('GET', '/api/v1/resellers', undefined, token)).status).toBe(403);
  });

  test('hearthctl token create --reseller ID binds the token; an unknown reseller is refused', async () => {
    const a = await newReseller();
    const { token } = await import('@hearth/cli/commands/token');
    const { parseApiConfig } = await import('@hearth/api');
    const out: string[] = [];
    const err: string[] = [];
    const ctx = { apiConfig: () => parseApiConfig(stack.apiConfig), out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await token(['create', '--name', 'billing-cli', '--reseller', String(a.id)], ctx)).toBe(0);
    const secret = out[0];
    const me = await ok(stack.request('GET', '/api/v1/auth/me', undefined, secret), 200);
    expect(me).toMatchObject({ kind: 'token', role: 'RESALE', reseller_id: a.id });
    expect(me.scopes).not.toContain('*');
    expect(await token(['create', '--name', 'nope', '--reseller', '2147480000'], ctx)).toBe(1);
    expect(err.join('\n')).toMatch(/no active reseller/);
    expect(await token(['list'], ctx)).toBe(0);
    expect(out.some((l) => l.includes('billing-cli') && l.includes(`reseller:${a.id}`))).toBe(true);
  });
});

describe('customer deletion (seed 003)', () => {
  test('409 while hosting accounts exist; cascade removes them from the host; the seed body', async () => {
    const reseller = await newReseller();
    const u1 = testUsername();
    const acc1 = await ok(stack.request('POST', '/api/v1/accounts', accountBody(u1), reseller.session));
    const customerId = (await stack.db('accounts').where({ id: acc1.id }).first()).customer_id;
    const u2 = testUsername();
    const acc2 = await ok(stack.request('POST', '/api/v1/accounts', accountBody(u2, { customer_id: customerId }), reseller.session));
    const customerSession = await login(u1);

    const conflict = await stack.request('DELETE', `/api/v1/customers/${customerId}`, undefined, reseller.session);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ success: false, message: expect.stringMatching(/hosting account/), error: 'conflict' });
    expect(linuxUserExists(u1)).toBe(true);

    const res = await stack.request('DELETE', `/api/v1/customers/${customerId}?cascade=true`, undefined, reseller.session);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['deletedAt', 'message', 'success']);
    expect(res.body).toMatchObject({ success: true, message: 'Customer deleted successfully' });
    expect(res.body.deletedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    for (const u of [u1, u2]) {
      expect(linuxUserExists(u)).toBe(false);
      expect(() => lstatSync(join(stack.root, 'home', u))).toThrow();
    }
    for (const id of [acc1.id, acc2.id]) expect((await stack.request('GET', `/api/v1/accounts/${id}`)).status).toBe(404);

    // Soft delete: the record is kept and marked; login is refused; the session is revoked.
    const row = await stack.db('people').where({ id: customerId }).first();
    expect(row).toMatchObject({ status: 'deleted', login: u1, login_key: null });
    expect(row.deleted_at).not.toBeNull();
    expect((await stack.request('POST', '/api/v1/auth/login', { login: u1, password: PASSWORD }, null)).status).toBe(401);
    expect((await stack.request('GET', '/api/v1/auth/me', undefined, customerSession)).status).toBe(401);
    // Gone for every purpose but a hard delete.
    const again = await stack.request('DELETE', `/api/v1/customers/${customerId}`, undefined, reseller.session);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ success: false, message: expect.any(String), error: 'not_found' });

    // The deletion is audited with its actor.
    const audit = await ok(stack.request('GET', `/api/v1/audit?action=${encodeURIComponent('DELETE /customers/:id')}&target=customers/${customerId}`), 200);
    expect(audit.map((e: { status: number }) => e.status).sort()).toEqual([200, 404, 409]);
    expect(audit.every((e: { actor_label: string }) => e.actor_label === reseller.login)).toBe(true);
  });

  test('401 and 403 keep the seed shape; MASTER cannot hard-delete; ADMIN hard delete removes the personal data and keeps the audit', async () => {
    const master = await staff('MASTER');
    const admin = await staff('ADMIN');
    const { id } = await ok(stack.request('POST', '/api/v1/customers', { login: uniq('cus'), password: PASSWORD, email: 'private@example.com', name: 'Jane Private' }));

    const anon = await stack.request('DELETE', `/api/v1/customers/${id}`, undefined, null);
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual({ success: false, message: expect.any(String), error: 'unauthorized' });

    const byMaster = await stack.request('DELETE', `/api/v1/customers/${id}?hard=true`, undefined, master);
    expect(byMaster.status).toBe(403);
    expect(byMaster.body).toEqual({ success: false, message: expect.stringMatching(/ADMIN/), error: 'forbidden' });
    expect(await stack.db('people').where({ id }).first()).toBeDefined();

    const byAdmin = await stack.request('DELETE', `/api/v1/customers/${id}?hard=true`, undefined, admin);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body).toMatchObject({ success: true, message: 'Customer deleted successfully' });
    expect(await stack.db('people').where({ id }).first()).toBeUndefined();
    const audit = await ok(stack.request('GET', `/api/v1/audit?target=customers/${id}`), 200);
    expect(audit.map((e: { status: number }) => e.status).sort()).toEqual([200, 401, 403]);
    expect(JSON.stringify(audit)).not.toContain('private@example.com');
  });

  test('MASTER soft-deletes any customer; a reseller cannot delete a customer of another reseller', async () => {
    const master = await staff('MASTER');
    const a = await newReseller();
    const b = await newReseller();
    const { id } = await ok(stack.request('POST', '/api/v1/customers', { login: uniq('cus'), password: PASSWORD }, b.session));
    expect((await stack.request('DELETE', `/api/v1/customers/${id}`, undefined, a.session)).status).toBe(404);
    const res = await stack.request('DELETE', `/api/v1/customers/${id}`, undefined, master);
    expect(res.status).toBe(200);
    expect((await stack.db('people').where({ id }).first()).status).toBe('deleted');
  });

  test('a cascade that fails stops with the error and keeps the customer', async () => {
    const reseller = await newReseller();
    const u = testUsername();
    const acc = await ok(stack.request('POST', '/api/v1/accounts', accountBody(u), reseller.session));
    const customerId = (await stack.db('accounts').where({ id: acc.id }).first()).customer_id;
    await stack.stopAgent();
    try {
      const res = await stack.request('DELETE', `/api/v1/customers/${customerId}?cascade=true`, undefined, reseller.session);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ success: false, message: expect.any(String), error: 'agent_unavailable' });
      expect((await stack.db('people').where({ id: customerId }).first()).status).toBe('active');
    } finally {
      await stack.startAgent();
    }
    expect(linuxUserExists(u)).toBe(true);
  });
});

describe('the people migration', () => {
  test('down removes what up made; up again restores it', async () => {
    const { migrateLatest, migrateDown } = await import('@hearth/api');
    const { testMariaDb } = await import('../harness/mariadb');
    const name = `hearth_mig${randomBytes(3).toString('hex')}`;
    const socketPath = testMariaDb().socketPath;
    const admin = knex({ client: 'mysql2', connection: { socketPath, user: 'root' }, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE \`${name}\``);
    await admin.destroy();
    const db = knex({ client: 'mysql2', connection: { socketPath, user: 'root', database: name }, pool: { min: 0, max: 1 } });
    try {
      await migrateLatest(db);
      expect(await db.schema.hasTable('people')).toBe(true);
      expect(await db.schema.hasColumn('accounts', 'customer_id')).toBe(true);
      expect(await db.schema.withSchema(`${name}_audit`).hasTable('audit_log')).toBe(true);
      await migrateDown(db);
      expect(await db.schema.hasTable('people')).toBe(false);
      expect(await db.schema.hasTable('sessions')).toBe(false);
      expect(await db.schema.withSchema(`${name}_audit`).hasTable('audit_log')).toBe(false);
      await migrateLatest(db);
      expect(await db.schema.hasColumn('api_tokens', 'reseller_id')).toBe(true);
    } finally {
      await db.raw(`DROP DATABASE \`${name}\``);
      await db.raw(`DROP DATABASE IF EXISTS \`${name}_audit\``);
      await db.destroy();
    }
  });
});

describe('the audit log is append-only for the API database user', () => {
  let apiDb: Knex;
  beforeAll(() => {
    const c = stack.apiConfig.database as { host: string; port: number; user: string; password: string; database: string };
    apiDb = knex({ client: 'mysql2', connection: { host: c.host, port: c.port, user: c.user, password: c.password, database: c.database }, pool: { min: 0, max: 1 } });
  });
  afterAll(async () => {
    await apiDb?.destroy();
  });

  test('it can insert and select, but UPDATE, DELETE, TRUNCATE, DROP and ALTER are refused by grants', async () => {
    await ok(stack.request('POST', '/api/v1/customers', { login: uniq('cus'), password: PASSWORD }));
    const table = `${stack.dbName}_audit.audit_log`;
    const [rows] = await apiDb.raw(`SELECT COUNT(*) AS n FROM ${table}`);
    expect(Number(rows[0].n)).toBeGreaterThan(0);
    const before = await apiDb.raw(`SELECT id, outcome FROM ${table} ORDER BY id`);
    const refused = async (sql: string) => {
      const err = await apiDb.raw(sql).then(() => null, (e: { code?: string }) => e);
      expect({ sql, code: err?.code }).toEqual({ sql, code: expect.stringMatching(/^ER_(TABLEACCESS_DENIED_ERROR|DBACCESS_DENIED_ERROR|SPECIFIC_ACCESS_DENIED_ERROR)$/) });
    };
    await refused(`UPDATE ${table} SET outcome = 'success'`);
    await refused(`DELETE FROM ${table}`);
    await refused(`TRUNCATE TABLE ${table}`);
    await refused(`DROP TABLE ${table}`);
    await refused(`ALTER TABLE ${table} DROP COLUMN outcome`);
    await refused(`RENAME TABLE ${table} TO ${stack.dbName}_audit.gone`);
    expect(await apiDb.raw(`SELECT id, outcome FROM ${table} ORDER BY id`)).toEqual(before);
    // Appending works: that is how the API writes it.
    await apiDb.raw(`INSERT INTO ${table} (actor_type, action, outcome, status) VALUES ('anonymous', 'test', 'success', 200)`);
  });
});
