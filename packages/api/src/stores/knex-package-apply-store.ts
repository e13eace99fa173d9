import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

export type ApplyItemState = 'pending' | 'done' | 'failed';

export interface ApplyItem {
  package_id: number;
  account_id: number;
  operation_id: string;
  state: ApplyItemState;
  error: string | null;
}

export interface ApplyProgress {
  total: number;
  done: number;
  failed: number;
  pending: number;
  /** running while any account is pending; then done, or failed when any account failed. */
  state: 'running' | 'done' | 'failed';
  started_at: string;
  failures: { account_id: number; error: string }[];
}

/** The per-account progress of applying a package's limits (package_apply_items). */
export class KnexPackageApplyStore {
  constructor(private readonly db: Knex) {}

  /**
   * Starts (or restarts) applying a package to these accounts: every account gets a fresh
   * operation id and "pending"; an earlier apply of the same package is replaced (its
   * limits are superseded by the newer edit).
   */
  async start(packageId: number, accountIds: number[]): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('package_apply_items').where({ package_id: packageId }).delete();
      for (let i = 0; i < accountIds.length; i += 500) {
        await trx('package_apply_items').insert(accountIds.slice(i, i + 500).map((accountId) => ({
          package_id: packageId, account_id: accountId, operation_id: randomUUID(), state: 'pending',
        })));
      }
    });
  }

  async pending(packageId: number, limit: number): Promise<ApplyItem[]> {
    return this.db<ApplyItem>('package_apply_items').where({ package_id: packageId, state: 'pending' }).orderBy('account_id').limit(limit);
  }

  /** Packages with accounts still pending (resumed at start-up). */
  async packagesPending(): Promise<number[]> {
    return (await this.db('package_apply_items').distinct('package_id').where({ state: 'pending' })).map((r: { package_id: number }) => r.package_id);
  }

  /** Settles one item, unless a newer edit replaced it meanwhile (its operation id differs). */
  async settle(item: ApplyItem, state: 'done' | 'failed', error: string | null = null): Promise<void> {
    await this.db('package_apply_items').where({ package_id: item.package_id, account_id: item.account_id, operation_id: item.operation_id })
      .update({ state, error: error?.slice(0, 500) ?? null, updated_at: this.db.fn.now() });
  }

  async progress(packageId: number): Promise<ApplyProgress | null> {
    const rows: { state: ApplyItemState; n: number | string; started: Date }[] = await this.db('package_apply_items')
      .where({ package_id: packageId }).groupBy('state').select('state').count({ n: '*' }).min({ started: 'started_at' });
    if (rows.length === 0) return null;
    const count = (s: ApplyItemState): number => Number(rows.find((r) => r.state === s)?.n ?? 0);
    const [done, failed, pending] = [count('done'), count('failed'), count('pending')];
    const started = rows.map((r) => new Date(r.started).getTime()).reduce((a, b) => Math.min(a, b));
    const failures = failed === 0 ? [] : await this.db('package_apply_items').where({ package_id: packageId, state: 'failed' })
      .orderBy('account_id').limit(20).select('account_id', 'error');
    return {
      total: done + failed + pending, done, failed, pending,
      state: pending > 0 ? 'running' : failed > 0 ? 'failed' : 'done',
      started_at: new Date(started).toISOString(), failures,
    };
  }
}
