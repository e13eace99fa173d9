import { statSync } from 'node:fs';

/** How long a full read is trusted without reading again (bounds a hand edit the checks cannot see). */
const MAX_AGE_MS = 30_000;

/**
 * Every record of a directory the agent alone writes, read once and then kept in step with
 * the writes the agent reports (`noted`), instead of reading and parsing every file on each
 * call: a create asks "does another account claim this domain?", and at 1,000 accounts a
 * full read was about 100 ms of CPU and wall time per create (bench/README.md, seventh pass).
 *
 * A change made by anyone else is caught by the directory's mtime (a file created, removed
 * or renamed into place, as durable writes do) and, for what the mtime cannot show (a file
 * rewritten in place by hand), by reading everything again at least every 30 s. Writes
 * reported while a full read runs are applied on top of what it read.
 */
export class RecordDirectoryCache<R> {
  private records: Map<string, R> | null = null;
  private mtime = -1n;
  private readAt = 0;
  private loading: Promise<R[]> | null = null;
  /** Writes reported while a full read runs (null: removed). */
  private during: Map<string, R | null> | null = null;

  constructor(private readonly dir: string, private readonly readAll: () => Promise<R[]>, private readonly keyOf: (r: R) => string) {}

  async list(): Promise<R[]> {
    const mtime = await this.dirMtime();
    if (this.records && mtime === this.mtime && Date.now() - this.readAt < MAX_AGE_MS) return [...this.records.values()];
    this.loading ??= this.readEverything().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** The agent wrote (or, with null, removed) the record of `key`. */
  async noted(key: string, record: R | null): Promise<void> {
    this.during?.set(key, record);
    if (this.records) {
      if (record === null) this.records.delete(key);
      else this.records.set(key, record);
    }
    // Our own write moved the mtime; a full read running now takes its own stat.
    const mtime = await this.dirMtime();
    if (!this.during) this.mtime = mtime;
  }

  private async readEverything(): Promise<R[]> {
    const during = new Map<string, R | null>();
    this.during = during;
    try {
      const read = await this.readAll();
      const mtime = await this.dirMtime();
      // From here on synchronous: no reported write can come in between.
      const records = new Map(read.map((r) => [this.keyOf(r), r]));
      for (const [key, record] of during) {
        if (record === null) records.delete(key);
        else records.set(key, record);
      }
      this.records = records;
      this.mtime = mtime;
      this.readAt = Date.now();
      return [...records.values()];
    } finally {
      this.during = null;
    }
  }

  private async dirMtime(): Promise<bigint> {
    return statSync(this.dir, { bigint: true }).mtimeNs;
  }
}
