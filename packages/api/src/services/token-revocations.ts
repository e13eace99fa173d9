import type { Logger } from '@hearth/shared';

/** What the watch reads: a value that changes whenever any token is revoked, added or removed. */
export interface TokenRevocationSource {
  revocationMark(): Promise<string>;
}

/**
 * The shared revocation signal that lets the API remember valid tokens: tokens are revoked
 * by this process (TokenService, a reseller's password change) and by others (hearthctl).
 * Revocations made here clear the remembered tokens at once (`revokedHere`); others are seen
 * by polling the token table's mark every `intervalMs`, so they hold within one interval.
 * While polls fail (database down) the watch is not `current` and every request asks the
 * database, as without a cache.
 */
export class TokenRevocations {
  private readonly listeners: (() => void)[] = [];
  private mark: string | null = null;
  private confirmedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly source: TokenRevocationSource, private readonly intervalMs: number, private readonly log: Logger) {}

  onRevoke(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** True while the last poll is recent: remembered tokens can be trusted. */
  current(now = Date.now()): boolean {
    return this.timer !== null && now - this.confirmedAt <= 2 * this.intervalMs;
  }

  /** A revocation by this process: forget at once, before the caller answers. */
  revokedHere(): void {
    for (const listener of this.listeners) listener();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const startedAt = Date.now();
    try {
      const mark = await this.source.revocationMark();
      if (mark !== this.mark) {
        if (this.mark !== null) this.log.debug('API tokens changed elsewhere: remembered tokens dropped');
        this.revokedHere();
        this.mark = mark;
      }
      this.confirmedAt = startedAt;
    } catch (err) {
      this.log.debug({ err }, 'token revocation poll failed: remembered tokens unused until it succeeds');
    } finally {
      this.polling = false;
    }
  }
}
