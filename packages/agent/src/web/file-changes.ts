import { lchownSync, lstatSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { syncDirectory, writeFileDurably } from '../system/durable-file';

/** One change to a daemon's configuration files. */
export type FileChange =
  /**
   * `gid`: the file's group (default the agent's, root); `mode` applies to that group.
   * `readAtHandshake`: the daemon reads the file only while serving (a certificate loaded
   * at the TLS handshake), never when it tests or loads its configuration, so a
   * configuration test has nothing to check in it (the TLS module checks it before).
   */
  | { path: string; write: string; mode?: number; gid?: number; readAtHandshake?: boolean }
  | { path: string; symlinkTo: string }
  | { path: string; remove: true };

/** What a path held before a change, so it can be put back exactly. */
export type PreviousState =
  | { path: string; kind: 'absent' }
  | { path: string; kind: 'file'; content: Buffer; mode: number; gid: number }
  | { path: string; kind: 'symlink'; target: string };

/** Direct calls, not promises: small local files (system/durable-file.ts says why). */
export async function readState(path: string): Promise<PreviousState> {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return { path, kind: 'absent' };
  if (stat.isSymbolicLink()) return { path, kind: 'symlink', target: readlinkSync(path) };
  if (stat.isFile()) return { path, kind: 'file', content: readFileSync(path), mode: stat.mode & 0o7777, gid: stat.gid };
  throw new Error(`${path} is neither a file nor a symlink; refusing to touch it`);
}

/** True when applying the change would leave the path exactly as it is. */
export function isNoop(change: FileChange, current: PreviousState): boolean {
  if ('remove' in change) return current.kind === 'absent';
  if ('symlinkTo' in change) return current.kind === 'symlink' && current.target === change.symlinkTo;
  return current.kind === 'file' && current.content.equals(Buffer.from(change.write));
}

/**
 * `path` becomes a symlink to `target` in one rename (never absent meanwhile); `owner`: the
 * link's own uid and gid (nginx's `disable_symlinks if_not_owner` compares them with the target's).
 */
export async function placeSymlink(path: string, target: string, owner?: { uid: number; gid: number }): Promise<void> {
  // A dot-name is never matched by the daemons' `*` / `*.conf` include globs.
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  symlinkSync(target, tmp);
  try {
    if (owner) lchownSync(tmp, owner.uid, owner.gid);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  await syncDirectory(dirname(path));
}

async function removePath(path: string): Promise<void> {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return;
  }
  await syncDirectory(dirname(path));
}

async function applyOne(change: FileChange): Promise<void> {
  if ('remove' in change) return removePath(change.path);
  if ('symlinkTo' in change) return placeSymlink(change.path, change.symlinkTo);
  return writeFileDurably(change.path, change.write, change.mode ?? 0o644, change.gid);
}

async function restoreOne(prev: PreviousState): Promise<void> {
  if (prev.kind === 'absent') return removePath(prev.path);
  if (prev.kind === 'symlink') return placeSymlink(prev.path, prev.target);
  return writeFileDurably(prev.path, prev.content, prev.mode, prev.gid);
}

/**
 * Puts a set of changes in place, each by an atomic rename of a staged file, and returns
 * what was there before. If one change fails, the ones already made are put back first.
 */
export async function swapIn(changes: readonly FileChange[]): Promise<PreviousState[]> {
  if (!distinctPaths(changes)) return swapInOneByOne(changes);
  // Different paths: staged, synced and renamed at the same time, so their fsyncs share the
  // file system's journal commits instead of waiting for one each (a batch of vhosts and
  // certificates is dozens of fsyncs). In two waves, so that at no moment (an agent killed
  // between two renames) a link points at a missing file: files are written and links
  // removed first, then links are made and files removed. A dangling sites-enabled link
  // fails nginx's test of every later change, the removal of that very link included.
  const before = await Promise.all(changes.map((c) => readState(c.path)));
  const first = (c: FileChange, i: number) => 'write' in c || ('remove' in c && before[i].kind === 'symlink');
  const previous: PreviousState[] = [];
  for (const wave of [true, false]) {
    const results = await Promise.allSettled(changes.map(async (change, i) => {
      if (first(change, i) !== wave) return null;
      await applyOne(change);
      return before[i];
    }));
    for (const r of results) if (r.status === 'fulfilled' && r.value) previous.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await restore(previous);
      throw failed.reason;
    }
  }
  return previous;
}

export function distinctPaths(changes: readonly FileChange[]): boolean {
  return new Set(changes.map((c) => c.path)).size === changes.length;
}

/** Two changes of one path: in order, so the second sees (and records) the first. */
async function swapInOneByOne(changes: readonly FileChange[]): Promise<PreviousState[]> {
  const previous: PreviousState[] = [];
  try {
    for (const change of changes) {
      const before = await readState(change.path);
      await applyOne(change);
      previous.push(before);
    }
  } catch (e) {
    await restore(previous);
    throw e;
  }
  return previous;
}

/** Puts back what swapIn replaced, newest first (two changes may touch one path). */
export async function restore(previous: readonly PreviousState[]): Promise<void> {
  for (const prev of [...previous].reverse()) await restoreOne(prev);
}
