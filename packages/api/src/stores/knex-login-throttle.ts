import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { retryOnDeadlock } from '../db';
import { admitAll, giveBack, LoginAttempt, LoginThrottle, ThrottleCounter, ThrottleRule } from '@hearth/shared';

interface Row {
  throttle_key: string;
  failures: number;
  blocked_until_ms: number | string;
  last_at_ms: number | string;
}

const TABLE = 'login_throttle';

/** Keys fit the column whatever a client sends as its login. */
function keyOf(kind: 'login' | 'addr', value: string): string {
  const plain = `${kind}:${value}`;
  return plain.length <= 120 ? plain : `${kind}#${createHash('sha256').update(value).digest('hex')}`;
}

function toCounter(row: Row | undefined): ThrottleCounter | null {
  if (!row) return null;
  return { failures: Number(row.failures), blockedUntil: Number(row.blocked_until_ms), lastAt: Number(row.last_at_ms) };
}

function toColumns(c: ThrottleCounter): Omit<Row, 'throttle_key'> {
  return { failures: c.failures, blocked_until_ms: c.blockedUntil, last_at_ms: c.lastAt };
}

/**
 * The login throttle in the panel's MariaDB (table `login_throttle`). Admitting an attempt
 * locks the login's and the address's rows (in key order, so two admissions never deadlock
 * each other), applies the shared rules and writes the counters back in one transaction:
 * of 50 simultaneous guesses exactly the budget is admitted, in this process or any other.
 */
export class KnexLoginThrottle implements LoginThrottle {
  constructor(
    private readonly db: Knex,
    private readonly rules: { login: ThrottleRule; address: ThrottleRule },
    private readonly now: () => number = Date.now,
  ) {}

  async reserve(login: string, address: string): Promise<LoginAttempt> {
    const loginKey = keyOf('login', login.toLowerCase());
    const addressKey = keyOf('addr', address || 'unknown');
    await this.transact([loginKey, addressKey], (counters, now) =>
      admitAll([counters.get(loginKey) ?? null, counters.get(addressKey) ?? null], [this.rules.login, this.rules.address], now));
    return {
      succeeded: async () => {
        // The login's slate is clean again; the address gets back the attempt it spent.
        await this.transact([loginKey, addressKey], (counters) => {
          const addr = counters.get(addressKey);
          return [{ failures: 0, blockedUntil: 0, lastAt: 0 }, addr ? giveBack(addr, this.rules.address) : { failures: 0, blockedUntil: 0, lastAt: 0 }];
        });
      },
    };
  }

  /** Rows not touched for longer than any window or delay are forgotten (hourly housekeeping). */
  async purgeStale(): Promise<number> {
    const horizon = Math.max(this.rules.login.windowSeconds, this.rules.login.maxDelaySeconds, this.rules.address.windowSeconds, this.rules.address.maxDelaySeconds);
    return this.db(TABLE).where('last_at_ms', '<', this.now() - horizon * 1000).andWhere('blocked_until_ms', '<', this.now()).delete();
  }

  /** Locks the rows of `keys`, lets `change` compute their new counters (in `keys` order), writes them. */
  private async transact(keys: string[], change: (counters: Map<string, ThrottleCounter>, now: number) => ThrottleCounter[]): Promise<void> {
    const sorted = [...keys].sort();
    await retryOnDeadlock(async () => {
      await this.ensureRows(sorted);
      await this.db.transaction(async (trx) => {
        const rows: Row[] = await trx(TABLE).whereIn('throttle_key', sorted).orderBy('throttle_key').forUpdate();
        const counters = new Map<string, ThrottleCounter>();
        for (const r of rows) counters.set(r.throttle_key, toCounter(r)!);
        const next = change(counters, this.now());
        for (let i = 0; i < keys.length; i++) await trx(TABLE).where({ throttle_key: keys[i] }).update(toColumns(next[i]));
      });
    }, 11);
  }

  /**
   * Rows exist before the locking transaction (inserting inside it would take a shared lock
   * that two transactions then both try to upgrade). A plain read first, so the common case
   * (rows already there) takes no lock at all; missing rows are inserted one by one in key order.
   */
  private async ensureRows(sorted: string[]): Promise<void> {
    const present = new Set((await this.db(TABLE).whereIn('throttle_key', sorted).select('throttle_key')).map((r: { throttle_key: string }) => r.throttle_key));
    for (const k of sorted) if (!present.has(k)) await this.db(TABLE).insert({ throttle_key: k }).onConflict('throttle_key').ignore();
  }
}
