import type { DbPrivilege } from '@hearth/shared';
import type { Step } from '../operations/step';
import { databaseAdminOf } from './database-admin-of';
import { sql } from './mariadb-sql';
import { Redacted, revealOrNull } from './redacted';
import { accountKey, readSuspendRecord, writeSuspendRecord } from './suspend-record';
import type { DatabasesContext, DatabasesParts } from './databases-parts';

/**
 * Steps of the per-object database operations. Inputs are journaled, so they hold names
 * and grants but never a password: hashes travel in Redacted wrappers (see redacted.ts).
 */
export interface GrantSpec {
  database: string;
  privileges: DbPrivilege[];
}

export interface DatabaseInput {
  username: string;
  name: string;
  /** Grants on this database held before deletion, re-granted if the drop fails. */
  grants?: { user: string; host: string; privileges: DbPrivilege[] }[];
}

export interface UserInput {
  username: string;
  name: string;
  hosts: string[];
  /** mysql_native_password hash of the new password; absent = keep the password. */
  hash?: Redacted<string> | string;
  /** Previous hash per host, restored if a later step fails. */
  previousHashes?: Redacted<Record<string, string>> | string;
  /** The grants the user ends with; absent = leave grants alone. */
  grants?: GrantSpec[];
  previousGrants?: GrantSpec[];
  /** Created locked because the account is suspended. */
  locked?: boolean;
}

export const createDatabaseStep: Step<DatabaseInput, DatabasesParts> = {
  name: 'create_database',
  async apply(input, ctx) {
    await databaseAdminOf(ctx).run(sql.createDatabase(input.name));
  },
  // Only reached when this operation created it: the operation refuses existing names first.
  async undo(input, ctx) {
    await databaseAdminOf(ctx).run(sql.dropDatabase(input.name));
  },
};

export const revokeDatabaseGrantsStep: Step<DatabaseInput, DatabasesParts> = {
  name: 'revoke_database_grants',
  async apply(input, ctx) {
    const admin = databaseAdminOf(ctx);
    for (const g of await admin.grantsOnDatabase(input.name)) await admin.run(sql.revokeAllPattern(g.pattern, g.user, g.host));
  },
  async undo(input, ctx) {
    const admin = databaseAdminOf(ctx);
    for (const g of input.grants ?? []) await admin.run(sql.grant(g.privileges, input.name, g.user, g.host));
  },
};

/** Irreversible: the data is gone. It is the last step of its operation, so undo is never needed. */
export const dropDatabaseStep: Step<DatabaseInput, DatabasesParts> = {
  name: 'drop_database',
  async apply(input, ctx) {
    await databaseAdminOf(ctx).run(sql.dropDatabase(input.name));
  },
  async undo() {},
};

export const createUserStep: Step<UserInput, DatabasesParts> = {
  name: 'create_database_user',
  async apply(input, ctx) {
    const admin = databaseAdminOf(ctx);
    const hash = revealOrNull<string>(input.hash);
    // After a crash the hash is gone; create-user is rolled back then, never re-applied.
    if (!hash) throw new Error('password hash unavailable');
    if (input.locked) {
      // Record first: if we crash after CREATE, unsuspend still knows to unlock this user.
      const record = (await readSuspendRecord(ctx.config.stateDir, input.username)) ?? { locked: [] };
      const keys = input.hosts.map((h) => accountKey(input.name, h));
      await writeSuspendRecord(ctx.config.stateDir, input.username, { locked: [...record.locked, ...keys] });
    }
    for (const host of input.hosts) await admin.run(sql.createUser(input.name, host, hash, input.locked ?? false));
  },
  async undo(input, ctx) {
    await dropUserOnHosts(ctx, input.username, input.name);
  },
};

export const setPasswordStep: Step<UserInput, DatabasesParts> = {
  name: 'set_database_user_password',
  async apply(input, ctx) {
    const hash = revealOrNull<string>(input.hash);
    if (input.hash === undefined) return;
    if (!hash) throw new Error('password hash unavailable');
    const admin = databaseAdminOf(ctx);
    for (const host of input.hosts) await admin.run(sql.setPassword(input.name, host, hash));
  },
  async undo(input, ctx) {
    // Without the previous hashes (after a crash) the new password stays: both are the customer's.
    const previous = revealOrNull<Record<string, string>>(input.previousHashes);
    if (!previous) return;
    const admin = databaseAdminOf(ctx);
    for (const [host, hash] of Object.entries(previous)) {
      if (hash && input.hosts.includes(host)) await admin.run(sql.setPassword(input.name, host, hash));
    }
  },
};

/** Makes the user's database-level grants exactly `grants` on every host. */
async function replaceGrants(ctx: DatabasesContext, input: UserInput, grants: GrantSpec[]): Promise<void> {
  const admin = databaseAdminOf(ctx);
  const current = (await admin.listGrants(input.username)).filter((g) => g.user === input.name);
  for (const g of current) await admin.run(sql.revokeAllPattern(g.pattern, g.user, g.host));
  for (const host of input.hosts) {
    for (const g of grants) await admin.run(sql.grant(g.privileges, g.database, input.name, host));
  }
}

export const setGrantsStep: Step<UserInput, DatabasesParts> = {
  name: 'set_database_user_grants',
  async apply(input, ctx) {
    if (input.grants) await replaceGrants(ctx, input, input.grants);
  },
  async undo(input, ctx) {
    if (input.grants && input.previousGrants) await replaceGrants(ctx, input, input.previousGrants);
  },
};

/** Ends the user's sessions and drops it on every host it exists on. */
export async function dropUserOnHosts(ctx: DatabasesContext, username: string, name: string): Promise<void> {
  const admin = databaseAdminOf(ctx);
  const rows = (await admin.listUsers(username)).filter((u) => u.name === name);
  for (const row of rows) await admin.run(sql.lockUser(row.name, row.host, true));
  await admin.killSessions(name);
  for (const row of rows) await admin.run(sql.dropUser(row.name, row.host));
}

/** Irreversible (the password is gone); the last and only step of its operation. */
export const dropUserStep: Step<UserInput, DatabasesParts> = {
  name: 'drop_database_user',
  async apply(input, ctx) {
    await dropUserOnHosts(ctx, input.username, input.name);
  },
  async undo() {},
};
