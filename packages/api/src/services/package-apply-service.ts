import { AgentUnavailableError, DependencyUnavailableError, Logger } from '@hearth/shared';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexPackageStore } from '../stores/knex-package-store';
import type { ApplyItem, ApplyProgress, KnexPackageApplyStore } from '../stores/knex-package-apply-store';
import type { AccountPackageService } from './account-package-service';

/**
 * Applies an edited package's limits to every account on it, one agent operation per
 * account, in the background. Progress lives in the panel DB (package_apply_items), so
 * the work resumes after an API restart (resume() at start-up) and after the agent was
 * unreachable (retried every `retryMs`); each account keeps its operation id, so an
 * account whose answer was lost is replayed by the agent, never applied twice.
 * A refused account (suspended, or a step failed and was rolled back) is counted as
 * failed, with the reason, and the others go on.
 */
export class PackageApplyService {
  private readonly chains = new Map<number, Promise<void>>();
  private closed = false;

  constructor(
    private readonly store: KnexPackageApplyStore,
    private readonly accounts: KnexAccountStore,
    private readonly packages: KnexPackageStore,
    private readonly accountPackage: AccountPackageService,
    private readonly log: Logger,
    private readonly retryMs = 5_000,
  ) {}

  /** After an edit that changed host limits: every account on the package, from the start. */
  async start(packageId: number): Promise<void> {
    const ids = (await this.accounts.onPackage(packageId)).filter((a) => a.status === 'active' || a.status === 'suspended').map((a) => a.id);
    await this.store.start(packageId, ids);
    this.kick(packageId);
  }

  progress(packageId: number): Promise<ApplyProgress | null> {
    return this.store.progress(packageId);
  }

  /** At API start-up: continues every apply that has accounts pending. */
  async resume(): Promise<void> {
    for (const id of await this.store.packagesPending()) this.kick(id);
  }

  close(): void {
    this.closed = true;
  }

  /** One worker per package: a new kick runs after the current one (which may find nothing left). */
  private kick(packageId: number): void {
    const next = (this.chains.get(packageId) ?? Promise.resolve())
      .then(() => this.work(packageId))
      .catch((err) => this.log.warn({ err, packageId }, 'applying package limits stopped; resumed at the next start'));
    this.chains.set(packageId, next);
    void next.finally(() => {
      if (this.chains.get(packageId) === next) this.chains.delete(packageId);
    });
  }

  private async work(packageId: number): Promise<void> {
    while (!this.closed) {
      const items = await this.store.pending(packageId, 50);
      if (items.length === 0) return;
      for (const item of items) {
        if (this.closed) return;
        if ((await this.one(item)) === 'retry') {
          await new Promise((r) => setTimeout(r, this.retryMs).unref());
          break;
        }
      }
    }
  }

  private async one(item: ApplyItem): Promise<'settled' | 'retry'> {
    const [row, pkg] = await Promise.all([this.accounts.get(item.account_id), this.packages.get(item.package_id)]);
    // Moved to another package or deleted meanwhile: nothing of this package to apply.
    if (!row || !pkg || row.package_id !== pkg.id || row.status === 'deleting') {
      await this.store.settle(item, 'done');
      return 'settled';
    }
    try {
      await this.accountPackage.apply(row, pkg, item.operation_id, { checkUsage: false });
      await this.store.settle(item, 'done');
    } catch (e) {
      if (e instanceof AgentUnavailableError || e instanceof DependencyUnavailableError) return 'retry';
      await this.store.settle(item, 'failed', (e as Error).message);
      this.log.warn({ account: row.username, packageId: pkg.id, err: e }, 'package limits not applied to an account');
    }
    return 'settled';
  }
}
