import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { createLogger } from '@hearth/shared';
import { parseAgentConfig } from '../../packages/agent/src/config';
import { execArgv } from '../../packages/agent/src/system/exec';
import { FileJournal } from '../../packages/agent/src/operations/journal';
import { OperationRunner } from '../../packages/agent/src/operations/operation-runner';
import { FaultSwitch } from '../../packages/agent/src/operations/fault-switch';
import type { AccountSpec, StepContext } from '../../packages/agent/src/operations/step';
import { KeyedMutex } from '../../packages/agent/src/system/keyed-mutex';
import type { DatabasesParts } from '../../packages/agent/src/databases/databases-parts';
import { MariaDbAdmin } from '../../packages/agent/src/databases/mariadb-admin';
import { databasesSettings } from '../../packages/agent/src/databases/databases-config';
import { DatabaseOperations } from '../../packages/agent/src/databases/database-operations';
import {
  databasePrefixFreeStep, dropAccountDatabasesStep, lockDatabaseUsersStep, unlockDatabaseUsersStep,
} from '../../packages/agent/src/databases/account-database-steps';
import { testMariaDb } from '../harness/mariadb';

/**
 * The agent's database module against the suite's private MariaDB, with real Linux users
 * (the agent requires a Hearth-managed account). The end-to-end flow through the API is
 * in databases.test.ts; this file pins down the MariaDB behaviour itself.
 */
const db = testMariaDb();
const tmp = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'dbagent-'));
const marker = 'hearth-managed';
const bob = `ht${randomBytes(4).toString('hex')}`;
const bobx = `${bob}x`;
const PASSWORD = "s3cret'`\\\"pass";

const config = parseAgentConfig({
  socketPath: join(tmp, 'agent.sock'), socketGroup: 'root', tokenFile: join(tmp, 'token'), stateDir: join(tmp, 'state'),
  homeRoot: join(tmp, 'home'), testMode: true, logLevel: 'silent',
  databases: { socketPath: db.socketPath, clientHosts: ['localhost', '127.0.0.1'] },
});
const admin = new MariaDbAdmin(databasesSettings(config));
const log = createLogger('test', 'silent');
const ctx: StepContext<DatabasesParts> = { config, parts: { exec: execArgv, log, databases: admin, accountLocks: new KeyedMutex() }, log };
const journal = new FileJournal(config.stateDir);
const runner = new OperationRunner(journal, ctx, new FaultSwitch(false, config.stateDir));
const ops = new DatabaseOperations(runner, ctx);
const spec = (username: string): AccountSpec => ({ username, domain: `${username}.example.com`, limits: { phpVersion: '8.2', phpWorkers: 0, phpMemoryMb: 0, diskQuotaMb: 0 } });
let seq = 0;
const opId = () => `dbtest-${process.pid}-${++seq}`;

async function login(user: string, password = PASSWORD, database?: string) {
  return createConnection({ host: db.host, port: db.port, user, password, database });
}

async function canLogin(user: string, password = PASSWORD): Promise<boolean> {
  try {
    const c = await login(user, password);
    await c.end();
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await journal.init();
  for (const u of [bob, bobx]) execFileSync('useradd', ['-M', '-d', join(config.homeRoot, u), '-c', marker, '-s', '/usr/sbin/nologin', u]);
});

afterAll(async () => {
  for (const u of [bob, bobx]) {
    await dropAccountDatabasesStep.apply(spec(u), ctx).catch(() => undefined);
    try { execFileSync('userdel', [u], { stdio: 'pipe' }); } catch { /* already gone */ }
  }
  await admin.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('a customer user logs in, creates a table and inserts a row; grants are exact', async () => {
  await ops.createDatabase({ operation_id: opId(), username: bob, name: `${bob}_shop` });
  await ops.createDatabase({ operation_id: opId(), username: bob, name: `${bob}_sxop` }); // same account, not granted
  const user = await ops.createUser({ operation_id: opId(), username: bob, name: `${bob}_app`, password: PASSWORD, grants: [{ database: `${bob}_shop`, privileges: ['ALL'] }] });
  expect(user).toEqual({ name: `${bob}_app`, hosts: ['127.0.0.1', 'localhost'], locked: false, grants: [{ database: `${bob}_shop`, privileges: ['ALL'] }] });

  const c = await login(`${bob}_app`, PASSWORD, `${bob}_shop`);
  await c.query('CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))');
  await c.query('INSERT INTO t VALUES (1, ?)', ['hello']);
  const [rows] = await c.query('SELECT v FROM t');
  expect(rows).toEqual([{ v: 'hello' }]);
  // The grant on bob_shop must not reach bob_sxop even though `_` matches `x` as a pattern.
  await expect(c.query(`SELECT * FROM \`${bob}_sxop\`.nothing`)).rejects.toThrow(/denied/i);
  const [dbs] = await c.query('SHOW DATABASES');
  const visible = (dbs as { Database: string }[]).map((d) => d.Database);
  expect(visible).toContain(`${bob}_shop`);
  expect(visible).not.toContain(`${bob}_sxop`);
  await c.end();
});

test('a grant never acts as a wildcard, not even across accounts', async () => {
  // Unescaped, the grant pattern `${bob}_a_b` would match `${bob}_axb` (bob's own) and
  // `${bob}xa_b` (a database of an account named `${bob}xa`): `_` matches any character.
  await ops.createDatabase({ operation_id: opId(), username: bob, name: `${bob}_a_b` });
  await ops.createDatabase({ operation_id: opId(), username: bob, name: `${bob}_axb` });
  await admin.run({ sql: `CREATE DATABASE \`${bob}xa_b\``, values: [] });
  try {
    await ops.createUser({ operation_id: opId(), username: bob, name: `${bob}_wild`, password: PASSWORD, grants: [{ database: `${bob}_a_b`, privileges: ['ALL'] }] });
    const c = await login(`${bob}_wild`);
    await c.query(`CREATE TABLE \`${bob}_a_b\`.t (id INT)`);
    await expect(c.query(`CREATE TABLE \`${bob}_axb\`.t (id INT)`)).rejects.toThrow(/denied/i);
    await expect(c.query(`CREATE TABLE \`${bob}xa_b\`.t (id INT)`)).rejects.toThrow(/denied/i);
    await c.end();
  } finally {
    await admin.run({ sql: `DROP DATABASE IF EXISTS \`${bob}xa_b\``, values: [] });
    await ops.deleteUser({ operation_id: opId(), username: bob, name: `${bob}_wild` });
    await ops.deleteDatabase({ operation_id: opId(), username: bob, name: `${bob}_a_b` });
    await ops.deleteDatabase({ operation_id: opId(), username: bob, name: `${bob}_axb` });
  }
});

test('refuses duplicates, other accounts\' names and grants on missing databases, changing nothing', async () => {
  await expect(ops.createDatabase({ operation_id: opId(), username: bob, name: `${bob}_shop` })).rejects.toMatchObject({ code: 'conflict' });
  await expect(ops.createDatabase({ operation_id: opId(), username: bob, name: `${bobx}_shop` })).rejects.toMatchObject({ code: 'validation_failed' });
  await expect(ops.createDatabase({ operation_id: opId(), username: bob, name: `${bob}_a%` })).rejects.toMatchObject({ code: 'validation_failed' });
  await expect(ops.createUser({ operation_id: opId(), username: bob, name: `${bob}_u2`, password: PASSWORD, grants: [{ database: `${bob}_nope`, privileges: ['ALL'] }] }))
    .rejects.toMatchObject({ code: 'not_found' });
  expect((await ops.listUsers(bob)).map((u) => u.name)).toEqual([`${bob}_app`]);
  expect((await ops.listDatabases(bob)).map((d) => d.name)).toEqual([`${bob}_shop`, `${bob}_sxop`]);
});

test('replaying an operation id returns the recorded result and changes nothing', async () => {
  const id = opId();
  const first = await ops.createDatabase({ operation_id: id, username: bob, name: `${bob}_replay` });
  const again = await ops.createDatabase({ operation_id: id, username: bob, name: `${bob}_replay` });
  expect(again).toEqual(first);
});

test('update replaces password and grants; another account cannot read', async () => {
  await ops.createDatabase({ operation_id: opId(), username: bobx, name: `${bobx}_data` });
  await ops.createUser({ operation_id: opId(), username: bobx, name: `${bobx}_app`, password: PASSWORD, grants: [{ database: `${bobx}_data`, privileges: ['SELECT'] }] });
  const x = await login(`${bobx}_app`);
  await expect(x.query(`SELECT * FROM \`${bob}_shop\`.t`)).rejects.toThrow(/denied/i);
  await x.end();

  const updated = await ops.updateUser({ operation_id: opId(), username: bob, name: `${bob}_app`, password: 'n3w-password!', replace_grants: true, grants: [{ database: `${bob}_sxop`, privileges: ['SELECT', 'INSERT'] }] });
  expect(updated.grants).toEqual([{ database: `${bob}_sxop`, privileges: ['INSERT', 'SELECT'] }]);
  expect(await canLogin(`${bob}_app`)).toBe(false);
  const c = await login(`${bob}_app`, 'n3w-password!');
  await expect(c.query(`SELECT * FROM \`${bob}_shop\`.t`)).rejects.toThrow(/denied/i);
  await c.end();
});

test('suspend locks exactly the unlocked users; unsuspend restores exactly them', async () => {
  await ops.createUser({ operation_id: opId(), username: bob, name: `${bob}_locked`, password: PASSWORD, grants: [] });
  await admin.run({ sql: `ALTER USER \`${bob}_locked\`@\`127.0.0.1\` ACCOUNT LOCK`, values: [] });
  await admin.run({ sql: `ALTER USER \`${bob}_locked\`@\`localhost\` ACCOUNT LOCK`, values: [] });
  const open = await login(`${bob}_app`, 'n3w-password!');

  await lockDatabaseUsersStep.apply(spec(bob), ctx);
  await lockDatabaseUsersStep.apply(spec(bob), ctx); // idempotent
  expect(await canLogin(`${bob}_app`, 'n3w-password!')).toBe(false);
  await expect(open.query('SELECT 1')).rejects.toThrow(); // open sessions are ended too
  expect(await canLogin(`${bobx}_app`)).toBe(true); // bobx is untouched

  // A user created while suspended starts locked and is unlocked by unsuspend.
  await ops.createUser({ operation_id: opId(), username: bob, name: `${bob}_late`, password: PASSWORD, grants: [] });
  expect(await canLogin(`${bob}_late`)).toBe(false);

  await unlockDatabaseUsersStep.apply(spec(bob), ctx);
  await unlockDatabaseUsersStep.apply(spec(bob), ctx); // idempotent
  expect(await canLogin(`${bob}_app`, 'n3w-password!')).toBe(true);
  expect(await canLogin(`${bob}_late`)).toBe(true);
  expect(await canLogin(`${bob}_locked`)).toBe(false); // was locked before: stays locked

  await unlockDatabaseUsersStep.undo(spec(bob), ctx); // rollback of the unsuspend locks them again
  expect(await canLogin(`${bob}_app`, 'n3w-password!')).toBe(false);
  await lockDatabaseUsersStep.undo(spec(bob), ctx);
  expect(await canLogin(`${bob}_app`, 'n3w-password!')).toBe(true);
});

test('deleting a database revokes its grants; deleting bob drops only bob\'s objects', async () => {
  await ops.deleteDatabase({ operation_id: opId(), username: bob, name: `${bob}_sxop` });
  expect((await ops.listUsers(bob)).find((u) => u.name === `${bob}_app`)?.grants).toEqual([]);
  await ops.deleteUser({ operation_id: opId(), username: bob, name: `${bob}_late` });
  expect((await ops.listUsers(bob)).map((u) => u.name)).not.toContain(`${bob}_late`);

  await expect(databasePrefixFreeStep.apply(spec(bob), ctx)).rejects.toMatchObject({ code: 'conflict' });
  await dropAccountDatabasesStep.apply(spec(bob), ctx);
  await dropAccountDatabasesStep.apply(spec(bob), ctx); // idempotent
  expect(await ops.listDatabases(bob)).toEqual([]);
  expect(await ops.listUsers(bob)).toEqual([]);
  await databasePrefixFreeStep.apply(spec(bob), ctx);
  expect((await ops.listDatabases(bobx)).map((d) => d.name)).toEqual([`${bobx}_data`]);
  expect((await ops.listUsers(bobx)).map((u) => u.name)).toEqual([`${bobx}_app`]);
  expect(await canLogin(`${bobx}_app`)).toBe(true);
});
