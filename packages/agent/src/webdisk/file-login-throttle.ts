import { constants, promises as fs, readFileSync } from 'node:fs';
import { admitAll, EMPTY_COUNTER, giveBack, LoginAttempt, LoginThrottle, ThrottleCounter, ThrottleRule } from '@hearth/shared';

/** hearth-webdisk's throttle settings (webdisk.json), in milliseconds. */
export interface ThrottleSettings {
  /** Failed checks allowed per login before delays start. */
  loginBudget: number;
  /** Failed checks allowed per client address before delays start. */
  addressBudget: number;
  /** First delay once a budget is spent; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key's failures are forgotten this long after its last attempt. */
  forgetMs: number;
}

/** The shared rules (per login, per address) for these settings. */
export function throttleRules(s: ThrottleSettings): { login: ThrottleRule; address: ThrottleRule } {
  const common = { baseDelaySeconds: s.baseDelayMs / 1000, maxDelaySeconds: s.maxDelayMs / 1000, windowSeconds: s.forgetMs / 1000 };
  return { login: { budget: s.loginBudget, ...common }, address: { budget: s.addressBudget, ...common } };
}

const MAX_KEYS = 100_000;

/**
 * Web Disk's store for the login throttle every surface shares (rules in @hearth/shared:
 * the panel and UAPI keep their counters in MariaDB). The front is deliberately given no
 * database credentials, so its counters live in its own memory and survive restarts in a
 * small JSON file in its state directory (temp file + rename). Admission is atomic without
 * a lock: `reserve` reads, decides and writes the counters before its first `await`, on the
 * front's single event loop, so concurrent guesses are counted one by one.
 */
export class FileLoginThrottle implements LoginThrottle {
  private readonly counters = new Map<string, ThrottleCounter>();
  private readonly rules: { login: ThrottleRule; address: ThrottleRule };
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(settings: ThrottleSettings, private readonly file: string | null, private readonly now: () => number = Date.now) {
    this.rules = throttleRules(settings);
    if (file) this.load(file);
  }

  async reserve(login: string, address: string): Promise<LoginAttempt> {
    const keys = [`login:${login.toLowerCase()}`, `addr:${address || 'unknown'}`];
    const next = admitAll(keys.map((k) => this.counters.get(k) ?? null), [this.rules.login, this.rules.address], this.now());
    keys.forEach((k, i) => this.counters.set(k, next[i]));
    this.save();
    return {
      succeeded: async () => {
        // As in the panel's store: the login's slate is clean, the address gets its attempt back.
        this.counters.delete(keys[0]);
        const addr = this.counters.get(keys[1]);
        if (addr) this.counters.set(keys[1], giveBack(addr, this.rules.address));
        this.save();
      },
    };
  }

  /** Waits for the last write of the state file. */
  async flush(): Promise<void> {
    await this.saving;
  }

  private load(file: string): void {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ThrottleCounter>;
      for (const [k, c] of Object.entries(data)) {
        if ([c.failures, c.blockedUntil, c.lastAt].every(Number.isFinite)) this.counters.set(k, { failures: c.failures, blockedUntil: c.blockedUntil, lastAt: c.lastAt });
      }
    } catch {
      // No file yet, or unreadable: start empty.
    }
  }

  /** Counters past their window and delay count for nothing: dropped before each write. */
  private forgetStale(): void {
    const now = this.now();
    const horizon = Math.max(this.rules.login.windowSeconds, this.rules.login.maxDelaySeconds) * 1000;
    for (const [k, c] of this.counters) {
      if (c === EMPTY_COUNTER || (now - c.lastAt > horizon && c.blockedUntil < now)) this.counters.delete(k);
    }
    // A flood of distinct addresses cannot grow the front without bound.
    if (this.counters.size > MAX_KEYS) this.counters.clear();
  }

  private save(): void {
    if (!this.file) return;
    this.dirty = true;
    const file = this.file;
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      this.forgetStale();
      const tmp = `${file}.tmp`;
      const handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
      try {
        await handle.writeFile(JSON.stringify(Object.fromEntries(this.counters)));
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, file);
    }).catch(() => undefined);
  }
}
