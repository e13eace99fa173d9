import { randomUUID } from 'node:crypto';
import type { Logger } from '@hearth/shared';
import type { AccountAgent } from '../agent/grpc-account-agent';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { AccountRecord } from '../stores/account-record';

/**
 * Settles rows whose agent call never got an answer (the API died, or the agent was
 * killed mid-operation): it asks the agent what became of the row's operation_id and
 * makes the row agree with the host — never a row without host state, never host
 * state without a row.
 */
export class ReconcileService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly agent: AccountAgent,
    private readonly log: Logger,
    /** Operations this process is still waiting on: their rows are not unsettled. */
    private readonly inFlight: ReadonlySet<string> = new Set(),
  ) {}

  /** Other tables with rows tied to agent operations (account domains), settled in the same runs. */
  private readonly settlers: { settle(olderThanSeconds: number): Promise<number> }[] = [];

  alsoSettle(settler: { settle(olderThanSeconds: number): Promise<number> }): void {
    this.settlers.push(settler);
  }

  /** Returns how many rows it settled; rows it cannot settle yet are left for the next run. */
  async run(olderThanSeconds = 0): Promise<number> {
    let settled = 0;
    for (const settler of this.settlers) {
      settled += await settler.settle(olderThanSeconds).catch((e) => {
        this.log.warn({ err: e }, 'reconciliation deferred');
        return 0;
      });
    }
    for (const row of await this.accounts.unsettled(olderThanSeconds)) {
      if (this.inFlight.has(row.operation_id)) continue;
      try {
        if (await this.settle(row)) settled++;
      } catch (e) {
        this.log.warn({ account: row.username, err: e }, 'reconciliation deferred');
      }
    }
    return settled;
  }

  private async settle(row: AccountRecord): Promise<boolean> {
    const op = await this.agent.getOperation(row.operation_id);
    if (op.state === 'running') return false;
    if (row.status === 'provisioning') {
      if (op.state === 'succeeded') await this.accounts.transition(row.id, ['provisioning'], 'active');
      else await this.accounts.remove(row.id); // failed (rolled back) or never reached the agent
      this.log.info({ account: row.username, op: op.state }, 'settled provisioning row');
      return true;
    }
    // status "deleting": deletes only ever finish, so a succeeded op means the row goes,
    // and a failed one (a step failed after others ran) is run forward again.
    if (op.state === 'succeeded') {
      await this.accounts.remove(row.id);
      return true;
    }
    if (op.state === 'failed') {
      const operationId = randomUUID();
      await this.accounts.transition(row.id, ['deleting'], 'deleting', operationId);
      await this.agent.deleteAccount({ operation_id: operationId, username: row.username, domain: row.domain });
      await this.accounts.remove(row.id);
      this.log.info({ account: row.username }, 'finished an interrupted delete');
      return true;
    }
    const inventory = await this.agent.inventory();
    const host = inventory.accounts.find((a) => a.username === row.username);
    if (!host || !host.present.includes('user')) await this.accounts.remove(row.id);
    else await this.accounts.setStatus(row.id, host.suspended ? 'suspended' : 'active');
    this.log.info({ account: row.username }, 'settled deleting row');
    return true;
  }

  /**
   * Settles every unsettled row now and then every `everyMs`. Rows of requests this
   * process is still serving are skipped; `olderThanSeconds` adds a margin on top.
   */
  schedule(everyMs: number, olderThanSeconds: number): () => void {
    this.run(0).catch((e) => this.log.warn({ err: e }, 'start-up reconciliation failed'));
    const tick = (): void => {
      this.run(olderThanSeconds).catch((e) => this.log.warn({ err: e }, 'reconciliation failed'));
    };
    const timer = setInterval(tick, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
