import { ConflictError, DB_PRIVILEGES, DbPrivilege, NotFoundError } from '@hearth/shared';
import type { OperationRunner } from '../operations/operation-runner';

import { checkOperationId } from '../operations/request-checks';
import { findManagedUser } from '../users/managed-user';
import { databasesSettings } from './databases-config';
import { databaseAdminOf } from './database-admin-of';
import type { DatabaseAdmin } from './mariadb-admin';
import { nativePasswordHash } from './native-password';
import { Redacted } from './redacted';
import { readSuspendRecord } from './suspend-record';
import type { DatabaseInput, GrantSpec, UserInput } from './database-steps';
import { createDatabaseOp, createDatabaseUserOp, deleteDatabaseOp, deleteDatabaseUserOp, updateDatabaseUserOp } from './database-operation-defs';
import { checkGrants, checkName, checkPassword, checkUsername } from './database-request-checks';
import type {
  CreateDatabaseUserRequestMsg, DatabaseInfoMsg, DatabaseRefRequestMsg, DatabaseUserInfoMsg, UpdateDatabaseUserRequestMsg,
} from './database-messages';
import type { DatabasesContext } from './databases-parts';

const EVERY_DB_PRIVILEGE = DB_PRIVILEGES.filter((p) => p !== 'ALL');

/** MariaDB lists ALL PRIVILEGES one by one; report the full set as ["ALL"]. */
export function summarisePrivileges(privileges: string[]): string[] {
  const set = new Set(privileges);
  if (EVERY_DB_PRIVILEGE.every((p) => set.has(p))) return ['ALL'];
  return [...set].sort();
}

/**
 * Customer databases and database users as the gRPC handlers see them. Requests are
 * re-validated, operations of one account are serialised, and each mutation runs through
 * the journaled runner under its operation id.
 */
export class DatabaseOperations {

  constructor(private readonly runner: OperationRunner, private readonly ctx: DatabasesContext) {}

  private admin(): DatabaseAdmin {
    return databaseAdminOf(this.ctx);
  }

  private hosts(): string[] {
    return [...databasesSettings(this.ctx.config).clientHosts];
  }

  private async requireAccount(username: string): Promise<void> {
    if (!(await findManagedUser(this.ctx.config, username))) throw new NotFoundError(`Account ${username} does not exist on this host`);
  }

  /** Runs `work` under the account's lock; prechecks are skipped when the id was already recorded (replay). */
  private async mutate<R>(operationId: string, username: string, precheck: () => Promise<void>, work: () => Promise<R>): Promise<R> {
    checkOperationId(operationId);
    return this.ctx.parts.accountLocks.run(username, async () => {
      if (!(await this.runner.has(operationId))) {
        this.admin();
        await this.requireAccount(username);
        await precheck();
      }
      return work();
    });
  }

  async createDatabase(req: DatabaseRefRequestMsg): Promise<DatabaseInfoMsg> {
    const username = checkUsername(req.username);
    const name = checkName(req.name, username);
    return this.mutate(req.operation_id, username, async () => {
      if (await this.admin().databaseExists(name)) throw new ConflictError(`Database ${name} already exists`);
    }, () => this.runner.run(req.operation_id, createDatabaseOp, { username, name }, async () => ({ name, size_bytes: 0 })));
  }

  async deleteDatabase(req: DatabaseRefRequestMsg): Promise<void> {
    const username = checkUsername(req.username);
    const name = checkName(req.name, username);
    const input: DatabaseInput = { username, name, grants: [] };
    await this.mutate(req.operation_id, username, async () => {
      // Remember who may use it, so a failed drop can give the grants back.
      const privileges = await this.admin().listPrivileges(username);
      for (const g of await this.admin().grantsOnDatabase(name)) {
        const privs = privileges.get(`${g.user}@${g.host}`)?.get(name) ?? [];
        if (privs.length) input.grants!.push({ user: g.user, host: g.host, privileges: summarisePrivileges(privs) as DbPrivilege[] });
      }
    }, () => this.runner.run(req.operation_id, deleteDatabaseOp, input, async () => ({})));
  }

  async listDatabases(username: string): Promise<DatabaseInfoMsg[]> {
    checkUsername(username);
    const rows = await this.admin().listDatabases(username);
    return rows.map((r) => ({ name: r.name, size_bytes: r.sizeBytes }));
  }

  async createUser(req: CreateDatabaseUserRequestMsg): Promise<DatabaseUserInfoMsg> {
    const username = checkUsername(req.username);
    const name = checkName(req.name, username);
    const password = checkPassword(req.password);
    const grants = checkGrants(req.grants, username);
    const input: UserInput = { username, name, hosts: this.hosts(), grants, previousGrants: [] };
    return this.mutate(req.operation_id, username, async () => {
      if ((await this.admin().listUsers(username)).some((u) => u.name === name)) throw new ConflictError(`Database user ${name} already exists`);
      await this.requireDatabases(grants);
      input.hash = new Redacted(nativePasswordHash(password));
      // A user added to a suspended account starts locked, and unsuspend will unlock it.
      input.locked = (await readSuspendRecord(this.ctx.config.stateDir, username)) !== null;
    }, () => this.runner.run(req.operation_id, createDatabaseUserOp, input, () => this.userInfo(username, name)));
  }

  async updateUser(req: UpdateDatabaseUserRequestMsg): Promise<DatabaseUserInfoMsg> {
    const username = checkUsername(req.username);
    const name = checkName(req.name, username);
    const password = req.password === '' || req.password === undefined ? null : checkPassword(req.password);
    const grants = req.replace_grants ? checkGrants(req.grants, username) : undefined;
    const input: UserInput = { username, name, hosts: [] };
    return this.mutate(req.operation_id, username, async () => {
      const rows = (await this.admin().listUsers(username)).filter((u) => u.name === name);
      if (!rows.length) throw new NotFoundError(`Database user ${name} does not exist`);
      input.hosts = rows.map((r) => r.host);
      if (password !== null) {
        input.hash = new Redacted(nativePasswordHash(password));
        input.previousHashes = new Redacted(Object.fromEntries(rows.map((r) => [r.host, r.hash])));
      }
      if (grants) {
        await this.requireDatabases(grants);
        input.grants = grants;
        input.previousGrants = (await this.userInfo(username, name)).grants as GrantSpec[];
      }
    }, () => this.runner.run(req.operation_id, updateDatabaseUserOp, input, () => this.userInfo(username, name)));
  }

  async deleteUser(req: DatabaseRefRequestMsg): Promise<void> {
    const username = checkUsername(req.username);
    const name = checkName(req.name, username);
    await this.mutate(req.operation_id, username, async () => {}, () =>
      this.runner.run(req.operation_id, deleteDatabaseUserOp, { username, name, hosts: [] }, async () => ({})));
  }

  async listUsers(username: string): Promise<DatabaseUserInfoMsg[]> {
    checkUsername(username);
    const [rows, privileges] = await Promise.all([this.admin().listUsers(username), this.admin().listPrivileges(username)]);
    const names = [...new Set(rows.map((r) => r.name))];
    return names.map((name) => {
      const mine = rows.filter((r) => r.name === name);
      // Grants are the same on every host; report those of the first.
      const perDb = privileges.get(`${name}@${mine[0].host}`) ?? new Map<string, string[]>();
      return {
        name,
        hosts: mine.map((r) => r.host),
        locked: mine.every((r) => r.locked),
        grants: [...perDb].sort(([a], [b]) => a.localeCompare(b)).map(([database, privs]) => ({ database, privileges: summarisePrivileges(privs) })),
      };
    });
  }

  private async userInfo(username: string, name: string): Promise<DatabaseUserInfoMsg> {
    const found = (await this.listUsers(username)).find((u) => u.name === name);
    if (!found) throw new NotFoundError(`Database user ${name} does not exist`);
    return found;
  }

  private async requireDatabases(grants: GrantSpec[]): Promise<void> {
    for (const g of grants) {
      if (!(await this.admin().databaseExists(g.database))) throw new NotFoundError(`Database ${g.database} does not exist`);
    }
  }
}
