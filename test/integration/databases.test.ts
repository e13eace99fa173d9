import { spawnSync } from 'node:child_process';
import { createConnection, Connection } from 'mysql2/promise';
import knex, { Knex } from 'knex';
import { startStack, Stack } from '../harness/stack';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { testMariaDb } from '../harness/mariadb';

/**
 * Customer databases end to end: API → agent → the suite's private MariaDB, checked by
 * logging in as the customer's database users with mysql2, as a customer's app would.
 */
const maria = testMariaDb();
let stack: Stack;
let root: Knex;
const bob = testUsername();
const bobx = testUsername(bob); // `bob` followed by more characters: the prefix-collision case
const ids: Record<string, number> = {};
const PW = "Pa55'`\\\"word;--";
const PWX = 'other-secret-pw';

async function login(user: string, password: string, database?: string): Promise<Connection> {
  return createConnection({ host: '127.0.0.1', port: maria.port, user, password, database });
}

async function loginFails(user: string, password: string): Promise<boolean> {
  try {
    (await login(user, password)).destroy();
    return false;
  } catch {
    return true;
  }
}

/** What MariaDB itself holds for a prefix, read as root (not through Hearth). */
async function mariaObjects(username: string): Promise<{ dbs: string[]; users: string[] }> {
  const dbs = (await root.raw('SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA'))[0].map((r: { n: string }) => r.n);
  const users = (await root.raw('SELECT DISTINCT User AS n FROM mysql.global_priv'))[0].map((r: { n: string }) => r.n);
  const mine = (n: string) => n.startsWith(`${username}_`);
  return { dbs: dbs.filter(mine).sort(), users: users.filter(mine).sort() };
}

const api = (method: string, path: string, body?: unknown) => stack.request(method, `/api/v1${path}`, body);

beforeAll(async () => {
  stack = await startStack({ agent: { databases: { socketPath: maria.socketPath, clientHosts: ['localhost', '127.0.0.1'] } } });
  root = knex({ client: 'mysql2', connection: { socketPath: maria.socketPath, user: 'root' }, pool: { min: 0, max: 2 } });
  const pkg = await api('POST', '/packages', { name: `db-${bob}`, php_versions: ['8.2'], max_databases: 2 });
  expect(pkg.status).toBe(201);
  for (const username of [bob, bobx]) {
    const res = await api('POST', '/accounts', {
      username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: 's3cur3p@ss', package_id: pkg.body.data.id,
    });
    expect(res.status).toBe(201);
    ids[username] = res.body.data.id;
  }
});

afterAll(async () => {
  for (const username of [bob, bobx]) if (ids[username]) await api('DELETE', `/accounts/${ids[username]}`).catch(() => undefined);
  await root?.destroy();
  await stack?.stop();
  removeTestUsers();
});

test('create a database and a user through the API, then use it with mysql2', async () => {
  const db = await api('POST', `/accounts/${ids[bob]}/databases`, { name: `${bob}_shop` });
  expect(db.status).toBe(201);
  expect(db.body.data).toEqual({ name: `${bob}_shop`, size_bytes: 0 });

  const user = await api('POST', `/accounts/${ids[bob]}/database-users`, { name: `${bob}_app`, password: PW, grants: [{ database: `${bob}_shop` }] });
  expect(user.status).toBe(201);
  expect(user.body.data).toEqual({ name: `${bob}_app`, hosts: ['127.0.0.1', 'localhost'], locked: false, grants: [{ database: `${bob}_shop`, privileges: ['ALL'] }] });
  expect(JSON.stringify(user.body)).not.toContain(PW);

  const c = await login(`${bob}_app`, PW, `${bob}_shop`);
  await c.query('CREATE TABLE orders (id INT PRIMARY KEY, item VARCHAR(50))');
  await c.query('INSERT INTO orders VALUES (?, ?)', [1, 'kettle']);
  const [rows] = await c.query('SELECT item FROM orders');
  expect(rows).toEqual([{ item: 'kettle' }]);
  await c.end();

  const list = await api('GET', `/accounts/${ids[bob]}/databases`);
  expect(list.status).toBe(200);
  expect(list.body.data.map((d: { name: string }) => d.name)).toEqual([`${bob}_shop`]);
  expect(list.body.meta).toEqual({ total: 1, max_databases: 2 });
  const users = await api('GET', `/accounts/${ids[bob]}/database-users`);
  expect(users.body.data.map((u: { name: string }) => u.name)).toEqual([`${bob}_app`]);
});

test("another account's database user cannot read it", async () => {
  expect((await api('POST', `/accounts/${ids[bobx]}/databases`, { name: `${bobx}_data` })).status).toBe(201);
  const created = await api('POST', `/accounts/${ids[bobx]}/database-users`, { name: `${bobx}_app`, password: PWX, grants: [{ database: `${bobx}_data` }] });
  expect(created.status).toBe(201);
  const x = await login(`${bobx}_app`, PWX);
  await expect(x.query(`SELECT * FROM \`${bob}_shop\`.orders`)).rejects.toThrow(/denied/i);
  const [dbs] = await x.query('SHOW DATABASES');
  expect((dbs as { Database: string }[]).map((d) => d.Database)).not.toContain(`${bob}_shop`);
  await x.end();
  // bob's grants on bob_shop are exact too: bob_app sees nothing of bobx.
  const c = await login(`${bob}_app`, PW);
  await expect(c.query(`SHOW TABLES FROM \`${bobx}_data\``)).rejects.toThrow(/denied/i);
  await c.end();
});

test('bad names answer 422 and change nothing', async () => {
  const before = { bob: await mariaObjects(bob), bobx: await mariaObjects(bobx) };
  const badNames = [
    `${bob}_${'a'.repeat(64 - bob.length)}`, // 65 characters
    `${bob}_sh'op`, `${bob}_sh"op`, `${bob}_sh\`op`, `${bob}_\`; DROP DATABASE mysql; --`,
    `${bob}_%`, `${bob}_sh%p`, `${bob}__shop`, `${bob}_`, `${bob}_shop_`, `${bob}_Shop`, `${bob}_sh\\op`, `${bob}_sh op`,
    `${bob}_sh\nop`, `${bob}_sh\u0000op`, `${bob}_shоp`, `${bob}shop`, bob, '_shop', '',
    `${bobx}_shop`, // another account's prefix (bobx starts with bob!)
    `${bob.slice(0, -1)}_shop`, // a shorter prefix
  ];
  for (const name of badNames) {
    const db = await api('POST', `/accounts/${ids[bob]}/databases`, { name });
    expect([name, db.status, db.body.error]).toEqual([name, 422, 'validation_failed']);
    const user = await api('POST', `/accounts/${ids[bob]}/database-users`, { name, password: PW });
    expect([name, user.status]).toEqual([name, 422]);
  }
  // Grants may only name this account's existing databases.
  for (const database of [`${bobx}_data`, `${bob}_%`, `${bob}\\_shop`, `${bob}_nosuchdb`]) {
    const res = await api('POST', `/accounts/${ids[bob]}/database-users`, { name: `${bob}_new`, password: PW, grants: [{ database }] });
    expect([database, res.status]).toEqual([database, 422]);
  }
  const patch = await api('PATCH', `/accounts/${ids[bob]}/database-users/${bob}_app`, { grants: [{ database: `${bobx}_data` }] });
  expect(patch.status).toBe(422);
  expect((await api('POST', `/accounts/${ids[bob]}/databases`, { name: `${bob}_x`, extra: 1 })).status).toBe(422);
  expect((await api('POST', `/accounts/${ids[bob]}/databases`, { name: 42 })).status).toBe(422);
  // Names in the path that cannot be this account's name nothing.
  expect((await api('DELETE', `/accounts/${ids[bob]}/databases/${bobx}_data`)).status).toBe(404);
  expect((await api('DELETE', `/accounts/${ids[bob]}/database-users/${bobx}_app`)).status).toBe(404);

  expect({ bob: await mariaObjects(bob), bobx: await mariaObjects(bobx) }).toEqual(before);
  const c = await login(`${bob}_app`, PW, `${bob}_shop`);
  expect((await c.query('SELECT COUNT(*) AS n FROM orders'))[0]).toEqual([{ n: 1 }]);
  await c.end();
});

test("the package's max_databases is enforced; duplicates conflict", async () => {
  expect((await api('POST', `/accounts/${ids[bob]}/databases`, { name: `${bob}_shop` })).status).toBe(409);
  expect((await api('POST', `/accounts/${ids[bob]}/databases`, { name: `${bob}_blog` })).status).toBe(201);
  const over = await api('POST', `/accounts/${ids[bob]}/databases`, { name: `${bob}_third` });
  expect(over.status).toBe(403);
  expect(over.body.message).toMatch(/at most 2 databases/);
  expect((await mariaObjects(bob)).dbs).toEqual([`${bob}_blog`, `${bob}_shop`]);
});

test('password and grant changes take effect; deleting a database frees a slot', async () => {
  const res = await api('PATCH', `/accounts/${ids[bob]}/database-users/${bob}_app`, {
    password: 'a-new-password', grants: [{ database: `${bob}_shop`, privileges: ['SELECT'] }],
  });
  expect(res.status).toBe(200);
  expect(res.body.data.grants).toEqual([{ database: `${bob}_shop`, privileges: ['SELECT'] }]);
  expect(await loginFails(`${bob}_app`, PW)).toBe(true);
  const c = await login(`${bob}_app`, 'a-new-password', `${bob}_shop`);
  expect((await c.query('SELECT item FROM orders'))[0]).toEqual([{ item: 'kettle' }]);
  await expect(c.query('INSERT INTO orders VALUES (2, ?)', ['toaster'])).rejects.toThrow(/denied/i);
  await c.end();

  expect((await api('DELETE', `/accounts/${ids[bob]}/databases/${bob}_blog`)).status).toBe(204);
  expect((await api('DELETE', `/accounts/${ids[bob]}/databases/${bob}_blog`)).status).toBe(404);
  expect((await mariaObjects(bob)).dbs).toEqual([`${bob}_shop`]);
});

test('suspend blocks the database users from logging in; unsuspend restores them', async () => {
  const open = await login(`${bob}_app`, 'a-new-password');
  expect((await api('POST', `/accounts/${ids[bob]}/suspend`)).status).toBe(200);
  expect(await loginFails(`${bob}_app`, 'a-new-password')).toBe(true);
  await expect(open.query('SELECT 1')).rejects.toThrow();
  open.destroy();
  expect(await loginFails(`${bobx}_app`, PWX)).toBe(false); // bobx is not affected
  const listed = await api('GET', `/accounts/${ids[bob]}/database-users`);
  expect(listed.body.data[0].locked).toBe(true);
  expect((await api('POST', `/accounts/${ids[bob]}/databases`, { name: `${bob}_during` })).status).toBe(409);

  expect((await api('POST', `/accounts/${ids[bob]}/unsuspend`)).status).toBe(200);
  const c = await login(`${bob}_app`, 'a-new-password', `${bob}_shop`);
  expect((await c.query('SELECT item FROM orders'))[0]).toEqual([{ item: 'kettle' }]);
  await c.end();
});

test("deleting bob removes only bob's databases and users, never bobx's", async () => {
  const [user] = (await api('GET', `/accounts/${ids[bob]}/database-users`)).body.data;
  expect(user.name).toBe(`${bob}_app`);
  expect((await api('POST', `/accounts/${ids[bob]}/database-users`, { name: `${bob}_second`, password: PW })).status).toBe(201);
  expect(await mariaObjects(bob)).toEqual({ dbs: [`${bob}_shop`], users: [`${bob}_app`, `${bob}_second`] });
  const bobxBefore = await mariaObjects(bobx);
  expect(bobxBefore).toEqual({ dbs: [`${bobx}_data`], users: [`${bobx}_app`] });

  expect((await api('DELETE', `/accounts/${ids[bob]}`)).status).toBe(204);
  delete ids[bob];
  expect(await mariaObjects(bob)).toEqual({ dbs: [], users: [] });
  expect(await mariaObjects(bobx)).toEqual(bobxBefore);
  expect(await loginFails(`${bob}_app`, 'a-new-password')).toBe(true);
  const x = await login(`${bobx}_app`, PWX, `${bobx}_data`);
  await x.query('CREATE TABLE still_here (id INT)');
  await x.end();
});

test('a new account whose name has a database left in MariaDB (`carol_old`) is refused with 409: it never inherits that data', async () => {
  const carol = testUsername();
  // A leftover of an earlier `carol` made outside Hearth: the agent finds it by the exact prefix.
  await root.raw(`CREATE DATABASE \`${carol}_old\``);
  try {
    const res = await api('POST', '/accounts', {
      username: carol, domain: testDomain(carol), email: `owner@${testDomain(carol)}`, password: 's3cur3p@ss', package_id: 1,
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'conflict', message: `MariaDB already has databases or users named ${carol}_…` });
    // Refused before anything was built: no Linux user, and MariaDB as it was.
    expect(spawnSync('id', [carol]).status).not.toBe(0);
    expect(await mariaObjects(carol)).toEqual({ dbs: [`${carol}_old`], users: [] });
  } finally {
    await root.raw(`DROP DATABASE \`${carol}_old\``);
  }
});
