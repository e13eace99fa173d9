import { RateLimitedError } from '@hearth/shared';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 1_000_000;
  const throttle = () => new LoginThrottle({ maxFailuresPerLogin: 10, maxFailuresPerAddress: 15, windowSeconds: 60 }, () => now);

  test('ten failures for one login block the eleventh check, with a Retry-After', () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) {
      expect(() => t.check('alice', '10.0.0.1')).not.toThrow();
      t.fail('alice', '10.0.0.1');
    }
    let err: unknown;
    try {
      t.check('alice', '10.0.0.2');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterSeconds).toBe(60);
    // Other logins from another address are unaffected.
    expect(() => t.check('bob', '10.0.0.3')).not.toThrow();
  });

  test('a success resets the consecutive count of that login', () => {
    const t = throttle();
    for (let i = 0; i < 9; i++) t.fail('carol', `10.0.1.${i}`);
    t.succeed('carol');
    for (let i = 0; i < 9; i++) t.fail('carol', `10.0.2.${i}`);
    expect(() => t.check('carol', '10.0.3.1')).not.toThrow();
  });

  test('an address spraying many logins is blocked too', () => {
    const t = throttle();
    for (let i = 0; i < 15; i++) t.fail(`user${i}`, '10.9.9.9');
    expect(() => t.check('fresh', '10.9.9.9')).toThrow(RateLimitedError);
    expect(() => t.check('fresh', '10.9.9.8')).not.toThrow();
  });

  test('the block ends when the window has passed', () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) t.fail('dave', '10.0.0.9');
    expect(() => t.check('dave', '10.0.0.9')).toThrow(RateLimitedError);
    now += 61_000;
    expect(() => t.check('dave', '10.0.0.9')).not.toThrow();
  });
});
