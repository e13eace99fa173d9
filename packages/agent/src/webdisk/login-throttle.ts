import { constants, promises as fs, readFileSync } from 'node:fs';

export interface ThrottleSettings {
  /** Failed checks allowed per login before delays start. */
  loginBudget: number;
  /** Failed checks allowed per client address before delays start. */
  addressBudget: number;
  /** First delay once a budget is spent; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key's failures are forgotten this long after its last failure. */
  forgetMs: number;
}

interface KeyState {
  failures: number;
  last: number;
  inflight: number;
}

export type Reservation = { ok: true; release(success: boolean): void } | { ok: false; retryAfterMs: number };

/**
 * Web Disk login throttling, keyed by login and by client address. A check is reserved
 * before the password is verified (the reservation is taken synchronously, so concurrent
 * guesses cannot all slip past one counter), and only `budget` checks may be outstanding
 * or failed before each further check has to wait a growing delay (doubling, capped) —
 * never a hard lockout of the real owner. Failures survive restarts in a small JSON file
 * in the server's state directory (written atomically: temp file + rename).
 */
export class LoginThrottle {
  private readonly keys = new Map<string, KeyState>();
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(private readonly settings: ThrottleSettings, private readonly file: string | null) {
    if (!file) return;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { failures: number; last: number }>;
      for (const [k, v] of Object.entries(data)) {
        if (Number.isInteger(v.failures) && Number.isFinite(v.last)) this.keys.set(k, { failures: v.failures, last: v.last, inflight: 0 });
      }
    } catch {
      // No file yet, or unreadable: start empty.
    }
  }

  private budgetOf(key: string): number {
    return key.startsWith('addr:') ? this.settings.addressBudget : this.settings.loginBudget;
  }

  private stateOf(key: string, now: number): KeyState {
    let s = this.keys.get(key);
    if (s && s.inflight === 0 && now - s.last > this.settings.forgetMs) {
      this.keys.delete(key);
      s = undefined;
    }
    if (!s) {
      s = { failures: 0, last: 0, inflight: 0 };
      this.keys.set(key, s);
    }
    return s;
  }

  delayOf(failures: number, budget: number): number {
    return Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** Math.max(0, failures - budget));
  }

  /** Waiting time before `key` may be checked again (0: now). */
  private waitFor(key: string, now: number): number {
    const s = this.stateOf(key, now);
    const budget = this.budgetOf(key);
    if (s.failures + s.inflight < budget) return 0;
    if (s.inflight > 0) return this.delayOf(s.failures + 1, budget);
    return Math.max(0, s.last + this.delayOf(s.failures, budget) - now);
  }

  reserve(keys: string[], now = Date.now()): Reservation {
    const wait = Math.max(...keys.map((k) => this.waitFor(k, now)));
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    const states = keys.map((k) => this.stateOf(k, now));
    for (const s of states) s.inflight++;
    let released = false;
    return {
      ok: true,
      release: (success: boolean) => {
        if (released) return;
        released = true;
        const t = Date.now();
        states.forEach((s, i) => {
          s.inflight--;
          if (!success) {
            s.failures++;
            s.last = t;
          } else if (keys[i].startsWith('login:')) {
            s.failures = 0;
          }
        });
        this.save();
      },
    };
  }

  private save(): void {
    if (!this.file) return;
    this.dirty = true;
    const file = this.file;
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const data: Record<string, { failures: number; last: number }> = {};
      for (const [k, v] of this.keys) if (v.failures > 0) data[k] = { failures: v.failures, last: v.last };
      const tmp = `${file}.tmp`;
      const handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
      try {
        await handle.writeFile(JSON.stringify(data));
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, file);
    }).catch(() => undefined);
  }

  async flush(): Promise<void> {
    await this.saving;
  }
}
