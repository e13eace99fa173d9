import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  test('`capacity` events back to back, then one per interval', () => {
    const b = new TokenBucket(3, 1000, 0);
    for (let i = 0; i < 3; i++) {
      expect(b.waitMs(0)).toBe(0);
      b.take(0);
    }
    expect(b.waitMs(0)).toBe(1000);
    expect(b.waitMs(400)).toBe(600);
    expect(b.waitMs(1000)).toBe(0);
    b.take(1000);
    expect(b.waitMs(1000)).toBe(1000);
  });

  test('refills up to the capacity, never beyond', () => {
    const b = new TokenBucket(2, 100, 0);
    b.take(0);
    b.take(0);
    expect(b.waitMs(10_000)).toBe(0);
    b.take(10_000);
    b.take(10_000);
    expect(b.waitMs(10_000)).toBe(100);
  });

  test('an interval of 0 never waits', () => {
    const b = new TokenBucket(1, 0, 0);
    for (let i = 0; i < 10; i++) b.take(0);
    expect(b.waitMs(0)).toBe(0);
  });
});
