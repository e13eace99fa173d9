import { closeSync, fchownSync, fdatasync, fsync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/*
 * Why synchronous calls, except the syncs: the agent's files are small and local, and
 * every promise-based call is a round trip through libuv's thread pool (a futex wake, the
 * call on another thread, a wake-up of the event loop). On the 2-core benchmark machines
 * that round trip cost about 35 µs of CPU against 5 µs for the same stat made directly,
 * and a readFile 165 against 15 µs (bench/README.md, twentieth pass). An open, write,
 * rename or unlink of a few kilobytes does not wait for the disk. fsync and fdatasync
 * do (milliseconds), so they stay on the thread pool and the event loop keeps serving.
 */

/** fsync(2) of an open descriptor, off the event loop. */
export const syncDescriptor: (fd: number) => Promise<void> = promisify(fsync);
/** fdatasync(2) of an open descriptor, off the event loop. */
export const dataSyncDescriptor: (fd: number) => Promise<void> = promisify(fdatasync);

/**
 * Writes a file so that a crash leaves either the old or the new content, never a torn
 * one: temp file in the same directory, fsync, rename over the target, fsync the directory.
 */
export async function writeFileDurably(path: string, content: string | Buffer, mode = 0o600, gid?: number): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    // The group is set before the content goes in and before the name is visible (-1: owner unchanged).
    if (gid !== undefined) fchownSync(fd, -1, gid);
    writeFileSync(fd, content);
    await syncDescriptor(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  await syncDirectory(dirname(path));
}

export async function syncDirectory(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  try {
    await syncDescriptor(fd);
  } finally {
    closeSync(fd);
  }
}

export async function readJsonIfExists<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
