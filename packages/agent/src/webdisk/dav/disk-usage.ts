import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DavError } from './dav-error';

/**
 * The account's disk usage as its own uid can see it (every file under the home, links not
 * followed), for the byte limit the Web Disk enforces where the kernel has no quota. A walk
 * is cheap next to an upload; the figure is reused for a few seconds and moved by this
 * worker's own writes in between.
 */
export class DiskUsage {
  private cached: { bytes: number; at: number } | null = null;

  constructor(private readonly home: string, readonly limitBytes: number, private readonly maxAgeMs = 5000) {}

  private async walk(dir: string, depth: number): Promise<number> {
    if (depth > 64) return 0;
    let total = 0;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) total += 4096 + (await this.walk(full, depth + 1));
      else if (e.isFile()) total += (await fs.lstat(full).catch(() => ({ size: 0 }))).size;
    }
    return total;
  }

  async used(): Promise<number> {
    if (!this.cached || Date.now() - this.cached.at > this.maxAgeMs) this.cached = { bytes: await this.walk(this.home, 0), at: Date.now() };
    return this.cached.bytes;
  }

  add(bytes: number): void {
    if (this.cached) this.cached.bytes += bytes;
  }

  /** 507 when `more` bytes would not fit. */
  async reserve(more: number): Promise<void> {
    if (this.limitBytes <= 0 || more <= 0) return;
    if ((await this.used()) + more > this.limitBytes) throw new DavError(507, 'Over the account\'s disk quota');
  }

  async room(): Promise<number> {
    return this.limitBytes <= 0 ? Number.POSITIVE_INFINITY : this.limitBytes - (await this.used());
  }
}
