import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  const retry = { initialMs: 1000, factor: 2, maxMs: 10_000 };

  it('grows with every failure and is capped', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n, retry))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('is zero before any failure', () => {
    expect(retryDelayMs(0, retry)).toBe(0);
  });

  it('stays flat with factor 1', () => {
    expect(retryDelayMs(7, { ...retry, factor: 1 })).toBe(1000);
  });
});
