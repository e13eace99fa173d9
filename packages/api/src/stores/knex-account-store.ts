import type { Knex } from 'knex';
import { ConflictError, AccountLimitError, parentDomains } from '@hearth/shared';
import { isDuplicateKey, retryOnDeadlock } from '../db';
import type { AccountRecord, AccountStatus, NewAccount } from './account-record';
import { belowDomainPattern, reversedDomain } from './reversed-domain';
import { otherAccountsOverlap } from './knex-account-domain-store';
import { preparedRows } from './prepared-read';
import type { ChangeWatch } from '../services/change-watch';

/** How long a read account row is remembered, at most (and only while the change watch is current). */
const REMEMBER_MS = 5000;
/** Remembered rows at most: beyond, they are all dropped and remembered anew. */
const REMEMBER_MAX = 10_000;

export class KnexAccountStore {
  private changes: ChangeWatch | null = null;
  private readonly remembered = new Map<number, { row: AccountRecord; until: number }>();
  /** Bumped by every change: a read that began before one does not remember its row. */
  private generation = 0;

  constructor(private readonly db: Knex) {}

  /**
   * Remember rows read by id (get) for up to REMEMBER_MS while `changes` is current: every
   * request under /accounts/{id} reads the row, and the query was a fifth of a read's cost.
   * Every write of this store tells `changes` (so this process forgets before it answers);
   * writes by other processes are seen by its poll of changeMark().
   */
  rememberRows(changes: ChangeWatch): void {
    this.changes = changes;
    changes.onChange(() => {
      this.remembered.clear();
      this.generation++;
    });
  }

  /** Row count, highest id and latest change (`changed_at`, set by MariaDB on every change). */
  async changeMark(): Promise<string> {
    const [[row]] = (await this.db.raw(
      'SELECT COUNT(*) AS n, MAX(`id`) AS m, DATE_FORMAT(MAX(`changed_at`), \'%Y%m%d%H%i%s.%f\') AS c FROM `accounts`',
    )) as unknown as [[{ n: number | string; m: number | null; c: string | null }]];
    return `${row.n}:${row.m ?? 0}:${row.c ?? ''}`;
  }

  /** Runs a write and then says so, whether it succeeded or not (a failed write may have changed rows). */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      this.changes?.changedHere();
    }
  }

  /**
   * Inserts a provisioning row. Under the create lock it checks the plan limit and that
   * no other account holds the domain, a parent of it, or a subdomain of it; the unique
   * keys settle races on username and domain.
   */
  async insertProvisioning(row: NewAccount, limit: number | null): Promise<AccountRecord> {
    try {
      return await this.write(() => this.db.transaction(async (trx) => {
        await trx('create_lock').where({ id: 1 }).forUpdate().first();
        if (limit !== null) {
          const [{ n }] = await trx('accounts').count({ n: '*' });
          if (Number(n) >= limit) throw new AccountLimitError(limit);
        }
        await this.assertNoOverlap(trx, row.username, row.domain);
        const [id] = await trx('accounts').insert({ ...row, domain_reversed: reversedDomain(row.domain), status: 'provisioning' });
        return (await trx<AccountRecord>('accounts').where({ id }).first())!;
      }));
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError('Username or domain is already in use on this server');
      throw e;
    }
  }

  private async assertNoOverlap(trx: Knex.Transaction, username: string, domain: string): Promise<void> {
    const clash = await trx('accounts')
      .where({ username })
      .orWhereIn('domain', [domain, ...parentDomains(domain)])
      // Below this domain: a prefix range of the indexed reversed name, not a scan of every row.
      .orWhere('domain_reversed', 'like', belowDomainPattern(domain))
      .first('username', 'domain');
    if (!clash) {
      // Another account's addon domain, subdomain or alias is as taken as its primary.
      const added = await otherAccountsOverlap(trx, domain, null);
      if (added) throw new ConflictError(`Domain ${domain} overlaps ${added}, which another account uses`, [{ field: 'domain', message: 'is already in use' }]);
      return;
    }
    if (clash.username === username) throw new ConflictError(`Username ${username} is already in use on this server`, [{ field: 'username', message: 'is already in use' }]);
    throw new ConflictError(`Domain ${domain} overlaps ${clash.domain}, which another account uses`, [{ field: 'domain', message: 'is already in use' }]);
  }

  /** Every read of one account by id (each /accounts/{id}/… request): a prepared statement. */
  async get(id: number): Promise<AccountRecord | undefined> {
    const now = Date.now();
    const hit = this.remembered.get(id);
    if (hit && hit.until > now && this.changes?.current(now)) return hit.row;
    const generation = this.generation;
    const [row] = await preparedRows<AccountRecord>(this.db, 'SELECT * FROM `accounts` WHERE `id` = ? LIMIT 1', [id]);
    if (row && this.changes && generation === this.generation) {
      if (this.remembered.size >= REMEMBER_MAX) this.remembered.clear();
      // Shared by every request that reads it meanwhile: nobody may change it.
      this.remembered.set(id, { row: Object.freeze(row), until: now + REMEMBER_MS });
    }
    return row;
  }

  /** Visible accounts: all, a reseller's customers' (reseller id), or one customer's; optionally one username. */
  async list(offset: number, limit: number, owner: { resellerId?: number; customerId?: number } = {}, username?: string): Promise<{ rows: AccountRecord[]; total: number }> {
    const q = (): Knex.QueryBuilder => {
      const b = this.db('accounts').whereNot({ status: 'provisioning' });
      if (username !== undefined) b.where({ username });
      if (owner.customerId !== undefined) b.where({ customer_id: owner.customerId });
      if (owner.resellerId !== undefined) b.whereIn('customer_id', this.db('people').select('id').where({ reseller_id: owner.resellerId }));
      return b;
    };
    const rows = await q().clone().orderBy('id').offset(offset).limit(limit);
    const [{ n }] = await q().count({ n: '*' });
    return { rows, total: Number(n) };
  }

  async setCustomer(id: number, customerId: number): Promise<void> {
    await this.write(() => this.db('accounts').where({ id }).update({ customer_id: customerId }));
  }

  /** Every account of a customer, whatever its status. */
  async ofCustomer(customerId: number): Promise<AccountRecord[]> {
    return this.db('accounts').where({ customer_id: customerId }).orderBy('id');
  }

  async count(): Promise<number> {
    const [{ n }] = await this.db('accounts').count({ n: '*' });
    return Number(n);
  }

  /** Compare-and-set on status, so two requests cannot both move an account. */
  async transition(id: number, from: AccountStatus[], to: AccountStatus, operationId?: string): Promise<boolean> {
    const patch: Record<string, unknown> = { status: to, updated_at: this.db.fn.now() };
    if (operationId) patch.operation_id = operationId;
    const changed = await this.write(() => this.db('accounts').where({ id }).whereIn('status', from).update(patch));
    // Once provisioned, the account's customer stands on its own.
    if (changed === 1 && to === 'active' && from.includes('provisioning')) {
      await this.db('people').where({ created_for_account: id }).update({ created_for_account: null });
    }
    return changed === 1;
  }

  /** Rows whose agent operation may have outcomes the panel has not recorded. */
  async unsettled(olderThanSeconds: number): Promise<AccountRecord[]> {
    return this.db<AccountRecord>('accounts')
      .whereIn('status', ['provisioning', 'deleting'])
      .andWhere('updated_at', '<=', this.db.raw('NOW() - INTERVAL ? SECOND', [olderThanSeconds]));
  }

  async provisioningFor(username: string, domain: string): Promise<AccountRecord[]> {
    return this.db<AccountRecord>('accounts').where({ status: 'provisioning' }).andWhere((q) => q.where({ username }).orWhere({ domain }));
  }

  async all(): Promise<AccountRecord[]> {
    return this.db<AccountRecord>('accounts').orderBy('id');
  }

  async setStatus(id: number, status: AccountStatus): Promise<void> {
    await this.write(() => this.db('accounts').where({ id }).update({ status, updated_at: this.db.fn.now() }));
  }

  /**
   * Removes the row; a CUSTOMER made automatically for it while it was provisioning goes
   * with it (unless it owns another account), so a retried create can use the login.
   */
  async remove(id: number): Promise<void> {
    // The owner check looks up only that customer's accounts (not a scan of every account,
    // whose shared locks deadlocked with concurrent creates), and a deadlock that still
    // happens is retried: the transaction is small and idempotent.
    await this.write(() => retryOnDeadlock(() => this.db.transaction(async (trx) => {
      await trx('accounts').where({ id }).delete();
      const made = await trx('people').where({ created_for_account: id }).select('id');
      for (const { id: personId } of made as { id: number }[]) {
        const owns = await trx('accounts').where({ customer_id: personId }).first('id');
        if (!owns) await trx('people').where({ id: personId }).delete();
      }
    }), 6));
  }

  async markCreatedFor(personId: number, accountId: number): Promise<void> {
    await this.db('people').where({ id: personId }).update({ created_for_account: accountId });
  }

  /**
   * The account's password: its row, and its customer's panel login when that login is the
   * account's own (the customer made with the account, whose login is the username). A
   * customer that signs in under another name keeps its password. One transaction, so the
   * two never disagree. Answers the person whose password changed (their sessions end).
   */
  async setPassword(id: number, username: string, passwordHash: string): Promise<number | null> {
    return this.write(() => retryOnDeadlock(() => this.db.transaction(async (trx) => {
      await trx('accounts').where({ id }).update({ password_hash: passwordHash, updated_at: trx.fn.now() });
      const row = await trx('accounts').where({ id }).first('customer_id');
      const customerId = (row as { customer_id: number | null } | undefined)?.customer_id ?? null;
      if (customerId === null) return null;
      const changed = await trx('people').where({ id: customerId, login: username, role: 'CUSTOMER' })
        .update({ password_hash: passwordHash, updated_at: trx.fn.now() });
      return changed === 1 ? customerId : null;
    }), 6));
  }

  /** Moves the account to another package (its limits were applied on the host first). */
  async setPackage(id: number, packageId: number): Promise<void> {
    await this.write(() => this.db('accounts').where({ id }).update({ package_id: packageId, updated_at: this.db.fn.now() }));
  }

  /** The accounts on one package, oldest first (PATCH /packages/{id} applies its limits to each). */
  async onPackage(packageId: number): Promise<AccountRecord[]> {
    return this.db<AccountRecord>('accounts').where({ package_id: packageId }).orderBy('id');
  }

  async usingPackage(packageId: number): Promise<number> {
    const [{ n }] = await this.db('accounts').where({ package_id: packageId }).count({ n: '*' });
    return Number(n);
  }
}
