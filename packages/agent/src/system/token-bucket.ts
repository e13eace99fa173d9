/**
 * A token bucket: up to `capacity` events back to back, then one per `intervalMs` on
 * average. For work whose cost is per event and whose callers can share one (a Postfix
 * reload): a lone event never waits, a burst of a few does not either, and a steady stream
 * is held to the rate. An interval of 0 never makes anyone wait.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly intervalMs: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  private refill(now: number): void {
    if (this.intervalMs <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) / this.intervalMs);
    this.at = now;
  }

  /** How long until an event may happen (0: now). */
  waitMs(now = Date.now()): number {
    if (this.intervalMs <= 0) return 0;
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) * this.intervalMs);
  }

  /** An event happens now (it may overdraw: the wait for the next grows). */
  take(now = Date.now()): void {
    if (this.intervalMs <= 0) return;
    this.refill(now);
    this.tokens -= 1;
  }
}
