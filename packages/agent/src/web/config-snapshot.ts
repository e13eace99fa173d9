import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/**
 * What a daemon's configuration files looked like (inode, size, mtime and ctime of each),
 * so the coordinator can tell whether anything other than its own changes moved since
 * the configuration was last tested as a whole.
 */
export type ConfigSnapshot = Map<string, string>;

async function stamp(path: string): Promise<string | null> {
  try {
    const s = await fs.stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Stamps of `files` and of every `*.conf` in `dirs` (dot-files are staging files: skipped). */
export async function takeSnapshot(files: readonly string[], dirs: readonly string[]): Promise<ConfigSnapshot> {
  const paths = [...files];
  for (const dir of dirs) {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (name.endsWith('.conf') && !name.startsWith('.')) paths.push(join(dir, name));
  }
  const snap: ConfigSnapshot = new Map();
  const stamps = await Promise.all(paths.map(stamp));
  paths.forEach((p, i) => {
    if (stamps[i] !== null) snap.set(p, stamps[i]!);
  });
  return snap;
}

/** True when `now` differs from `before` only at `changed` paths (both directions). */
export function onlyChanged(before: ConfigSnapshot, now: ConfigSnapshot, changed: ReadonlySet<string>): boolean {
  for (const [path, s] of now) if (!changed.has(path) && before.get(path) !== s) return false;
  for (const path of before.keys()) if (!changed.has(path) && !now.has(path)) return false;
  return true;
}
