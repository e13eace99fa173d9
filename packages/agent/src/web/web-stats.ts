import { join } from 'node:path';
import { writeFileDurably } from '../system/durable-file';
import type { ReloadStats } from './reload-coordinator';

export const WEB_STATS_FILE = 'web-reload-stats.json';

/**
 * Keeps the reload counters of every daemon in {stateDir}/web-reload-stats.json, so the
 * benchmark (and an operator) can see how many tests and reloads the agent really did.
 * Writes are chained so an older snapshot never overwrites a newer one.
 */
export class WebStatsFile {
  private readonly counters: Record<string, ReloadStats> = {};
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly stateDir: string) {}

  get path(): string {
    return join(this.stateDir, WEB_STATS_FILE);
  }

  record(daemon: string, stats: ReloadStats): void {
    this.counters[daemon] = { ...stats };
    const snapshot = JSON.stringify({ updatedAt: new Date().toISOString(), daemons: this.counters }, null, 2);
    this.chain = this.chain.then(() => writeFileDurably(this.path, `${snapshot}\n`, 0o644)).catch(() => undefined);
  }

  async flush(): Promise<void> {
    await this.chain;
  }
}
