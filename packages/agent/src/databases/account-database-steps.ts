import { promises as fs } from 'node:fs';
import { ConflictError } from '@hearth/shared';
import type { AccountSpec, Step } from '../operations/step';
import type { DatabaseAdmin } from './mariadb-admin';
import { sql } from './mariadb-sql';
import { accountKey, readSuspendRecord, removeSuspendRecord, splitAccountKey, suspendRecordPath, writeSuspendRecord } from './suspend-record';
import type { DatabasesContext, DatabasesParts } from './databases-parts';

/**
 * The database part of the account lifecycle. Every lookup is by the exact prefix
 * `{username}_` (escaped LIKE, then startsWith), so acting on `bob` never touches `bobx_…`.
 * When the agent has databases disabled these steps do nothing.
 */
function adminOrNull(ctx: DatabasesContext): DatabaseAdmin | null {
  return ctx.parts.databases ?? null;
}

/**
 * Create: a new account must not inherit databases or users left by an earlier account of
 * the same name (its data, its passwords). Refuses before anything is built.
 */
export const databasePrefixFreeStep: Step<AccountSpec, DatabasesParts> = {
  name: 'check_database_prefix_free',
  async apply(spec, ctx) {
    const admin = adminOrNull(ctx);
    if (!admin) return;
    const dbs = await admin.listDatabaseNames(spec.username);
    const users = await admin.listUsers(spec.username);
    if (dbs.length || users.length) {
      throw new ConflictError(`MariaDB already has databases or users named ${spec.username}_…`);
    }
  },
  async undo() {},
};

/** Delete: ends sessions, drops every `{username}_…` user, then every `{username}_…` database. */
export const dropAccountDatabasesStep: Step<AccountSpec, DatabasesParts> = {
  name: 'drop_databases',
  async apply(spec, ctx) {
    const admin = adminOrNull(ctx);
    if (!admin) return;
    const users = await admin.listUsers(spec.username);
    // Lock first so a killed session cannot reconnect before the drop.
    for (const u of users) await admin.run(sql.lockUser(u.name, u.host, true));
    for (const name of new Set(users.map((u) => u.name))) await admin.killSessions(name);
    for (const u of users) await admin.run(sql.dropUser(u.name, u.host));
    for (const name of await admin.listDatabaseNames(spec.username)) await admin.run(sql.dropDatabase(name));
    await removeSuspendRecord(ctx.config.stateDir, spec.username);
    await fs.rm(suspendRecordPath(ctx.config.stateDir, spec.username) + '.restored', { force: true });
  },
  // Dropped data cannot come back; delete_account is rolled forward, never back.
  async undo() {},
};

async function lockUsers(spec: AccountSpec, ctx: DatabasesContext, admin: DatabaseAdmin): Promise<void> {
  const record = (await readSuspendRecord(ctx.config.stateDir, spec.username)) ?? { locked: [] };
  const users = await admin.listUsers(spec.username);
  const toLock = users.filter((u) => !u.locked).map((u) => accountKey(u.name, u.host));
  // Durable record before the first lock: unsuspend must know exactly whom to unlock.
  await writeSuspendRecord(ctx.config.stateDir, spec.username, { locked: [...record.locked, ...toLock] });
  for (const key of toLock) {
    const { user, host } = splitAccountKey(key);
    await admin.run(sql.lockUser(user, host, true));
  }
  // A lock only stops new logins; end the sessions that are already open.
  for (const name of new Set(users.map((u) => u.name))) await admin.killSessions(name);
}

async function unlockRecorded(spec: AccountSpec, ctx: DatabasesContext, admin: DatabaseAdmin): Promise<void> {
  const record = await readSuspendRecord(ctx.config.stateDir, spec.username);
  if (!record) return;
  const existing = new Set((await admin.listUsers(spec.username)).map((u) => accountKey(u.name, u.host)));
  // A user deleted while suspended is simply gone; everyone else gets exactly their old state.
  for (const key of record.locked.filter((k) => existing.has(k))) {
    const { user, host } = splitAccountKey(key);
    await admin.run(sql.lockUser(user, host, false));
  }
}

/** Suspend: locks the account's unlocked database users and ends their sessions. */
export const lockDatabaseUsersStep: Step<AccountSpec, DatabasesParts> = {
  name: 'lock_database_users',
  async apply(spec, ctx) {
    const admin = adminOrNull(ctx);
    if (admin) await lockUsers(spec, ctx, admin);
  },
  async undo(spec, ctx) {
    const admin = adminOrNull(ctx);
    if (!admin) return;
    await unlockRecorded(spec, ctx, admin);
    await removeSuspendRecord(ctx.config.stateDir, spec.username);
  },
};

/**
 * Unsuspend: unlocks exactly the users suspension locked. The record is kept aside as
 * `.restored` until the next suspend, so undoing this step can lock the same users again.
 */
export const unlockDatabaseUsersStep: Step<AccountSpec, DatabasesParts> = {
  name: 'unlock_database_users',
  async apply(spec, ctx) {
    const admin = adminOrNull(ctx);
    if (!admin) return;
    const path = suspendRecordPath(ctx.config.stateDir, spec.username);
    await unlockRecorded(spec, ctx, admin);
    await fs.rename(path, `${path}.restored`).catch((e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    });
  },
  async undo(spec, ctx) {
    const admin = adminOrNull(ctx);
    if (!admin) return;
    const path = suspendRecordPath(ctx.config.stateDir, spec.username);
    const restored = await fs.readFile(`${path}.restored`, 'utf8').catch(() => null);
    if (restored === null) return;
    await fs.rename(`${path}.restored`, path);
    await lockUsers(spec, ctx, admin);
  },
};
