import type { Logger } from '@hearth/shared';

/** What a watch reads: a value that changes whenever the watched rows change. */
export interface ChangeMarkSource {
  changeMark(): Promise<string>;
}

/**
 * A shared change signal that lets the API remember rows (valid tokens, accounts) for a
 * few seconds: the rows are written by this process (which says so through `changedHere`,
 * clearing what is remembered at once, before the caller answers) and by others (hearthctl),
 * whose writes are seen by polling the table's mark every `intervalMs`, so they hold within
 * one interval. While polls fail (database down) the watch is not `current` and every
 * request asks the database, as without a cache.
 */
export class ChangeWatch {
  private readonly listeners: (() => void)[] = [];
  private mark: string | null = null;
  private confirmedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly source: ChangeMarkSource, private readonly intervalMs: number, private readonly what: string, private readonly log: Logger) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** True while the last poll is recent: remembered rows can be trusted. */
  current(now = Date.now()): boolean {
    return this.timer !== null && now - this.confirmedAt <= 2 * this.intervalMs;
  }

  /** A change by this process: forget at once, before the caller answers. */
  changedHere(): void {
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
      const mark = await this.source.changeMark();
      if (mark !== this.mark) {
        if (this.mark !== null) this.log.debug(`${this.what} changed elsewhere: remembered rows dropped`);
        this.changedHere();
        this.mark = mark;
      }
      this.confirmedAt = startedAt;
    } catch (err) {
      this.log.debug({ err }, `${this.what}: change poll failed, remembered rows unused until it succeeds`);
    } finally {
      this.polling = false;
    }
  }
}
