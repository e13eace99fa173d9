import { RateLimitedError } from './errors';
import { admit, admitAll, delayAfter, giveBack, ThrottleCounter, ThrottleRule } from './login-throttle';

const rule: ThrottleRule = { budget: 3, baseDelaySeconds: 10, maxDelaySeconds: 60, windowSeconds: 600 };

function run(counter: ThrottleCounter | null, now: number): ThrottleCounter {
  const r = admit(counter, rule, now);
  if (!r.ok) throw new Error(`refused, retry after ${r.retryAfterSeconds}`);
  return r.next;
}

describe('login throttle rules', () => {
  test('the budget passes at once, the next attempt waits the base delay', () => {
    let c: ThrottleCounter | null = null;
    for (let i = 0; i < 3; i++) c = run(c, 1000);
    expect(c).toEqual({ failures: 3, blockedUntil: 11_000, lastAt: 1000 });
    expect(admit(c, rule, 1000)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(admit(c, rule, 10_500)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(admit(c, rule, 11_000).ok).toBe(true);
  });

  test('delays double and stop at the maximum; nobody is locked out for good', () => {
    expect([2, 3, 4, 5, 6, 7, 40].map((n) => delayAfter(n, rule))).toEqual([0, 10, 20, 40, 60, 60, 60]);
  });

  test('a counter idle for the window starts again', () => {
    const c = { failures: 9, blockedUntil: 5000, lastAt: 1000 };
    expect(run(c, 1000 + 600_000)).toEqual({ failures: 1, blockedUntil: 0, lastAt: 601_000 });
  });

  test('a success gives its attempt back and lifts the delay under the budget', () => {
    expect(giveBack({ failures: 3, blockedUntil: 11_000, lastAt: 1 }, rule)).toEqual({ failures: 2, blockedUntil: 0, lastAt: 1 });
    expect(giveBack({ failures: 5, blockedUntil: 11_000, lastAt: 1 }, rule)).toEqual({ failures: 4, blockedUntil: 11_000, lastAt: 1 });
  });

  test('admitAll is all or nothing, with the longest wait', () => {
    const blocked = { failures: 3, blockedUntil: 30_000, lastAt: 1000 };
    let err: unknown;
    try {
      admitAll([null, blocked], [rule, rule], 1000);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSeconds).toBe(29);
    expect(admitAll([null, null], [rule, rule], 1000).map((c) => c.failures)).toEqual([1, 1]);
  });
});
