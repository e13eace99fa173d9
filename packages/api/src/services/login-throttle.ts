import { RateLimitedError } from '@hearth/shared';

export interface LoginThrottleLimits {
  maxFailuresPerLogin: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

interface Counter {
  failures: number;
  /** When the window of the first counted failure ends (ms since epoch). */
  resetAt: number;
}

/**
 * Counts failed logins per login name (consecutive: a success resets it) and per source
 * address (within the window). `check` runs BEFORE the password is looked at, so once a
 * limit is reached even the right password answers 429 until the window has passed —
 * guessing cannot go on. In memory: one API process; a restart forgets (documented).
 */
export class LoginThrottle {
  private readonly byLogin = new Map<string, Counter>();
  private readonly byAddress = new Map<string, Counter>();

  constructor(private readonly limits: LoginThrottleLimits, private readonly now: () => number = Date.now) {}

  check(login: string, address: string): void {
    const wait = Math.max(
      this.blockedFor(this.byLogin, login, this.limits.maxFailuresPerLogin),
      this.blockedFor(this.byAddress, address, this.limits.maxFailuresPerAddress),
    );
    if (wait > 0) throw new RateLimitedError(wait, 'Too many failed logins; retry later');
  }

  fail(login: string, address: string): void {
    this.bump(this.byLogin, login);
    this.bump(this.byAddress, address);
    if (this.byLogin.size + this.byAddress.size > 100_000) this.sweep();
  }

  succeed(login: string): void {
    this.byLogin.delete(login);
  }

  private blockedFor(map: Map<string, Counter>, key: string, max: number): number {
    const c = map.get(key);
    if (!c) return 0;
    const left = c.resetAt - this.now();
    if (left <= 0) {
      map.delete(key);
      return 0;
    }
    return c.failures >= max ? Math.ceil(left / 1000) : 0;
  }

  private bump(map: Map<string, Counter>, key: string): void {
    const now = this.now();
    const c = map.get(key);
    if (!c || c.resetAt <= now) map.set(key, { failures: 1, resetAt: now + this.limits.windowSeconds * 1000 });
    else c.failures += 1;
  }

  /** Bounded memory under a flood of distinct names: drop expired counters. */
  private sweep(): void {
    const now = this.now();
    for (const map of [this.byLogin, this.byAddress]) for (const [k, c] of map) if (c.resetAt <= now) map.delete(k);
  }
}
