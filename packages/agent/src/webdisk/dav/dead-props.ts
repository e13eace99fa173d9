import { constants, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DavError } from './dav-error';

/** Dead properties of one resource: `{ns}local` → the property element as XML. */
export type PropMap = Record<string, string>;

/**
 * Dead properties (PROPPATCH) of one Web Disk login, kept in a JSON file in the
 * account's own home (`~/.hearth-webdisk/<login>.props.json`, written as the account's
 * uid), so they count against the account's disk quota like any other file. Keys are
 * paths relative to the login's root. Writes are serialised and atomic (temp + rename).
 */
export class DeadProps {
  private data: Record<string, PropMap> = {};
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string, private readonly file: string, private readonly maxBytes: number) {}

  async load(): Promise<void> {
    try {
      const handle = await fs.open(join(this.dir, this.file), constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const text = await handle.readFile('utf8');
        const parsed = JSON.parse(text) as unknown;
        if (parsed && typeof parsed === 'object') this.data = parsed as Record<string, PropMap>;
      } finally {
        await handle.close();
      }
    } catch {
      this.data = {};
    }
  }

  hasUnder(path: string): boolean {
    return Object.keys(this.data).some((k) => k === path || k.startsWith(`${path}/`));
  }

  get(key: string): PropMap {
    return this.data[key] ?? {};
  }

  /** Applies a change to the whole map and persists it; refuses (507) past the size cap. */
  async update(change: (data: Record<string, PropMap>) => void): Promise<void> {
    const next = JSON.parse(JSON.stringify(this.data)) as Record<string, PropMap>;
    change(next);
    for (const k of Object.keys(next)) if (Object.keys(next[k]).length === 0) delete next[k];
    const text = JSON.stringify(next);
    if (Buffer.byteLength(text) > this.maxBytes) throw new DavError(507, 'Too many dead properties');
    const run = this.chain.then(async () => {
      await fs.mkdir(this.dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      const st = await fs.lstat(this.dir);
      if (!st.isDirectory()) throw new DavError(500, 'State directory is not a directory');
      const tmp = join(this.dir, `${this.file}.${process.pid}.tmp`);
      const handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, join(this.dir, this.file));
      this.data = next;
    });
    this.chain = run.catch(() => undefined);
    await run;
  }

  /** Moves (or copies) the properties of `from` and everything under it to `to`. */
  static relocate(data: Record<string, PropMap>, from: string, to: string, keepSource: boolean): void {
    for (const key of Object.keys(data)) {
      if (key === from || key.startsWith(`${from}/`)) {
        const target = to + key.slice(from.length);
        data[target] = { ...data[key] };
        if (!keepSource) delete data[key];
      }
    }
  }

  static drop(data: Record<string, PropMap>, path: string): void {
    for (const key of Object.keys(data)) if (key === path || key.startsWith(`${path}/`)) delete data[key];
  }
}
