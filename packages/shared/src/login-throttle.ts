import { RateLimitedError } from './errors';

/**
 * The rules of login throttling, shared by every login surface (panel login, UAPI Basic
 * auth, Web Disk). Pure: a store (the API keeps its counters in MariaDB) loads the counters
 * of a login and of a client address under a lock, asks `admit`, and writes back what it
 * returns — all in one transaction, so concurrent guesses cannot all pass.
 *
 * Every attempt is counted as a failure the moment it is admitted (before the password is
 * checked); a success gives it back. The first `budget` attempts pass at once; from then on
 * each attempt must wait for the previous one's delay, which doubles every time (up to
 * `maxDelaySeconds`). Nobody is locked out for good: after the delay the real owner gets an
 * attempt, and a success clears the login's counter.
 */
export interface ThrottleRule {
  /** Attempts admitted without delay. */
  budget: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A counter with no attempt for this long starts again from zero. */
  windowSeconds: number;
}

export interface ThrottleCounter {
  failures: number;
  /** ms since epoch before which no attempt is admitted (0: none). */
  blockedUntil: number;
  /** ms since epoch of the last admitted attempt. */
  lastAt: number;
}

export type Admission = { ok: true; next: ThrottleCounter } | { ok: false; retryAfterSeconds: number };

export const EMPTY_COUNTER: ThrottleCounter = { failures: 0, blockedUntil: 0, lastAt: 0 };

/** The delay set after the attempt that brought the count to `failures` (0 below the budget). */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (failures < rule.budget) return 0;
  const doublings = Math.min(failures - rule.budget, 30);
  return Math.min(rule.maxDelaySeconds, rule.baseDelaySeconds * 2 ** doublings);
}

/** May one more attempt be made now on this counter? If so, the counter with it counted. */
export function admit(counter: ThrottleCounter | null, rule: ThrottleRule, now: number): Admission {
  const c = counter && now - counter.lastAt < rule.windowSeconds * 1000 ? counter : EMPTY_COUNTER;
  if (c.blockedUntil > now) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((c.blockedUntil - now) / 1000)) };
  const failures = c.failures + 1;
  const delay = delayAfter(failures, rule);
  return { ok: true, next: { failures, blockedUntil: delay > 0 ? now + delay * 1000 : 0, lastAt: now } };
}

/** A success gives its attempt back: one less failure, and no delay while under the budget. */
export function giveBack(counter: ThrottleCounter, rule: ThrottleRule): ThrottleCounter {
  const failures = Math.max(0, counter.failures - 1);
  return { failures, blockedUntil: failures < rule.budget ? 0 : counter.blockedUntil, lastAt: counter.lastAt };
}

/**
 * Admits an attempt only if every counter admits it (login AND address): all or nothing.
 * Throws RateLimitedError (with the longest wait) when any refuses.
 */
export function admitAll(counters: (ThrottleCounter | null)[], rules: ThrottleRule[], now: number): ThrottleCounter[] {
  const results = counters.map((c, i) => admit(c, rules[i], now));
  const refused = results.filter((r): r is { ok: false; retryAfterSeconds: number } => !r.ok);
  if (refused.length) {
    throw new RateLimitedError(Math.max(...refused.map((r) => r.retryAfterSeconds)), 'Too many failed logins; retry later');
  }
  return results.map((r) => (r as { ok: true; next: ThrottleCounter }).next);
}

/** One admitted attempt: report a success (a failure is already counted). */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/** What every login surface calls before it checks a password. */
export interface LoginThrottle {
  /** Reserves an attempt for this login from this address, or throws RateLimitedError. */
  reserve(login: string, address: string): Promise<LoginAttempt>;
}
