import { promises as fs, statSync } from 'node:fs';
import { join } from 'node:path';
import { plainFileStamp } from '../system/file-stamp';
import { inTurns } from '../system/in-turns';

/**
 * What a daemon's configuration files looked like (inode, size, mtime and ctime of each),
 * so the coordinator can tell whether anything other than its own changes moved since
 * the configuration was last tested as a whole.
 */
export type ConfigSnapshot = Map<string, string>;

/** Stats taken synchronously between two turns of the event loop (see takeSnapshot). */
const CHUNK = 256;

/** A snapshot is taken on every create: at 1,000 sites, plain stats and no path.join save a megabyte of garbage. */
function stamp(path: string): string | null {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? plainFileStamp(s) : null;
}

/**
 * Stamps of `files` and of every `*.conf` in `dirs` (dot-files are staging files: skipped).
 * O(files), taken before every scoped test (nginx at 1,000 sites: 1,000 stats, one per
 * sites-enabled link). Synchronous stats in chunks, yielding to the event loop between
 * them, cost a quarter of the CPU of one promise per stat (about 12 against 50 ms at
 * 2,000 files, bench/README.md).
 */
export async function takeSnapshot(files: readonly string[], dirs: readonly string[]): Promise<ConfigSnapshot> {
  const paths = [...files];
  for (const dir of dirs) {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const prefix = join(dir, '/'); // one trailing slash: prefix + name is join(dir, name)
    for (const name of names) if (name.endsWith('.conf') && !name.startsWith('.')) paths.push(prefix + name);
  }
  const snap: ConfigSnapshot = new Map();
  await inTurns(paths, CHUNK, (path) => {
    const s = stamp(path);
    if (s !== null) snap.set(path, s);
  });
  return snap;
}

/** True when `now` differs from `before` only at `changed` paths (both directions). */
export function onlyChanged(before: ConfigSnapshot, now: ConfigSnapshot, changed: ReadonlySet<string>): boolean {
  for (const [path, s] of now) if (!changed.has(path) && before.get(path) !== s) return false;
  for (const path of before.keys()) if (!changed.has(path) && !now.has(path)) return false;
  return true;
}
