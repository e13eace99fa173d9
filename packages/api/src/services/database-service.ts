import { randomUUID } from 'node:crypto';
import {
  assertValid, ConflictError, dbIdentifierProblem, ErrorDetail, HearthError, NotFoundError, ValidationError,
} from '@hearth/shared';
import type { DatabaseAgent, DatabaseGrantMsg, DatabaseInfoMsg, DatabaseUserInfoMsg } from '../agent/grpc-databases-client';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexPackageStore } from '../stores/knex-package-store';
import type { AccountRecord } from '../stores/account-record';
import type { LicenseService } from './license-service';
import { GrantBody, validateCreateDatabase, validateCreateDatabaseUser, validateUpdateDatabaseUser } from './database-schemas';
import { assertChangeable, existingAccount } from './account-access';

export interface DatabaseView {
  name: string;
  size_bytes: number;
}

export interface DatabaseUserView {
  name: string;
  hosts: string[];
  locked: boolean;
  grants: DatabaseGrantMsg[];
}

const toDatabaseView = (d: DatabaseInfoMsg): DatabaseView => ({ name: d.name, size_bytes: Number(d.size_bytes) });
const toUserView = (u: DatabaseUserInfoMsg): DatabaseUserView => ({ name: u.name, hosts: u.hosts, locked: u.locked, grants: u.grants });

/**
 * Customer MariaDB databases and database users. The agent is the source of truth (it
 * lists what MariaDB has), so the panel keeps no copy that could drift. Every name must
 * be `{username}_{suffix}` of this very account: a name of another account is refused
 * with 422 before anything is sent to the agent. Mutations of one account are serialised
 * here so the package's max_databases cannot be overrun by parallel requests.
 */
export class DatabaseService {
  private readonly tails = new Map<number, Promise<unknown>>();

  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly packages: KnexPackageStore,
    private readonly agent: DatabaseAgent,
    private readonly license: LicenseService,
  ) {}

  async listDatabases(accountId: number): Promise<{ data: DatabaseView[]; meta: object }> {
    const account = await this.readable(accountId);
    const [dbs, max] = await Promise.all([this.agent.listDatabases(account.username), this.maxDatabases(account)]);
    return { data: dbs.map(toDatabaseView), meta: { total: dbs.length, max_databases: max } };
  }

  async createDatabase(accountId: number, body: unknown): Promise<DatabaseView> {
    const input = assertValid(validateCreateDatabase, body);
    return this.mutate(accountId, async (account) => {
      const name = nameOf(input.name, account.username, 'name');
      const existing = await this.agent.listDatabases(account.username);
      if (existing.some((d) => d.name === name)) throw new ConflictError(`Database ${name} already exists`, [{ field: 'name', message: 'is already in use' }]);
      const max = await this.maxDatabases(account);
      if (max !== 0 && existing.length >= max) {
        throw new HearthError('forbidden', `The package allows at most ${max} databases`, [{ field: 'name', message: 'database limit reached', limit: max }]);
      }
      return toDatabaseView(await this.agent.createDatabase({ operation_id: randomUUID(), username: account.username, name }));
    });
  }

  async deleteDatabase(accountId: number, rawName: string): Promise<void> {
    await this.mutate(accountId, async (account) => {
      const name = pathName(rawName, account.username);
      if (!(await this.agent.listDatabases(account.username)).some((d) => d.name === name)) throw new NotFoundError(`No database ${name}`);
      await this.agent.deleteDatabase({ operation_id: randomUUID(), username: account.username, name });
    });
  }

  async listUsers(accountId: number): Promise<{ data: DatabaseUserView[]; meta: object }> {
    const account = await this.readable(accountId);
    const users = await this.agent.listUsers(account.username);
    return { data: users.map(toUserView), meta: { total: users.length } };
  }

  async getUser(accountId: number, rawName: string): Promise<DatabaseUserView> {
    const account = await this.readable(accountId);
    const name = pathName(rawName, account.username);
    const user = (await this.agent.listUsers(account.username)).find((u) => u.name === name);
    if (!user) throw new NotFoundError(`No database user ${name}`);
    return toUserView(user);
  }

  async createUser(accountId: number, body: unknown): Promise<DatabaseUserView> {
    const input = assertValid(validateCreateDatabaseUser, body);
    return this.mutate(accountId, async (account) => {
      const name = nameOf(input.name, account.username, 'name');
      const grants = await this.grantsOf(input.grants ?? [], account.username);
      if ((await this.agent.listUsers(account.username)).some((u) => u.name === name)) {
        throw new ConflictError(`Database user ${name} already exists`, [{ field: 'name', message: 'is already in use' }]);
      }
      return toUserView(await this.agent.createUser({ operation_id: randomUUID(), username: account.username, name, password: input.password, grants }));
    });
  }

  async updateUser(accountId: number, rawName: string, body: unknown): Promise<DatabaseUserView> {
    const input = assertValid(validateUpdateDatabaseUser, body);
    return this.mutate(accountId, async (account) => {
      const name = pathName(rawName, account.username);
      if (!(await this.agent.listUsers(account.username)).some((u) => u.name === name)) throw new NotFoundError(`No database user ${name}`);
      const grants = input.grants ? await this.grantsOf(input.grants, account.username) : [];
      return toUserView(await this.agent.updateUser({
        operation_id: randomUUID(), username: account.username, name,
        password: input.password ?? '', replace_grants: input.grants !== undefined, grants,
      }));
    });
  }

  async deleteUser(accountId: number, rawName: string): Promise<void> {
    await this.mutate(accountId, async (account) => {
      const name = pathName(rawName, account.username);
      if (!(await this.agent.listUsers(account.username)).some((u) => u.name === name)) throw new NotFoundError(`No database user ${name}`);
      await this.agent.deleteUser({ operation_id: randomUUID(), username: account.username, name });
    });
  }

  /** Grants name existing databases of this account; privileges default to ALL. */
  private async grantsOf(grants: GrantBody[], username: string): Promise<DatabaseGrantMsg[]> {
    const details: ErrorDetail[] = [];
    const existing = new Set((await this.agent.listDatabases(username)).map((d) => d.name));
    const seen = new Set<string>();
    grants.forEach((g, i) => {
      const problem = dbIdentifierProblem(g.database, username);
      if (problem) details.push({ field: `grants.${i}.database`, message: problem });
      else if (seen.has(g.database)) details.push({ field: `grants.${i}.database`, message: 'is listed twice' });
      else if (!existing.has(g.database)) details.push({ field: `grants.${i}.database`, message: 'is not a database of this account' });
      seen.add(g.database);
    });
    if (details.length) throw new ValidationError('Request is invalid', details);
    return grants.map((g) => ({ database: g.database, privileges: g.privileges ?? ['ALL'] }));
  }

  private async maxDatabases(account: AccountRecord): Promise<number> {
    return (await this.packages.get(account.package_id))?.max_databases ?? 0;
  }

  /** Reads are allowed on active and suspended accounts. */
  private async readable(id: number): Promise<AccountRecord> {
    return existingAccount(this.accounts, id);
  }

  /** Changes only on active accounts, one at a time per account. */
  private mutate<T>(accountId: number, work: (account: AccountRecord) => Promise<T>): Promise<T> {
    const previous = this.tails.get(accountId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      this.license.assertWritable();
      const account = await this.readable(accountId);
      assertChangeable(account, 'hosting');
      return work(account);
    });
    const tail = run.catch(() => undefined);
    this.tails.set(accountId, tail);
    void tail.then(() => {
      if (this.tails.get(accountId) === tail) this.tails.delete(accountId);
    });
    return run;
  }
}

/** A name from a request body: must be valid and belong to this account, else 422. */
function nameOf(value: string, username: string, field: string): string {
  const problem = dbIdentifierProblem(value, username);
  if (problem) throw new ValidationError('Request is invalid', [{ field, message: problem }]);
  return value;
}

/** A name from the path: one that cannot be this account's names nothing, so 404. */
function pathName(value: string, username: string): string {
  if (dbIdentifierProblem(value, username)) throw new NotFoundError('Not found');
  return value;
}
