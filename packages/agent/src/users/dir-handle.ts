import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/*
 * Root's work inside a customer's tree, by file descriptor. The customer owns the home
 * and can swap any entry in it for a symlink at any moment, so a path checked with lstat
 * and then used again (chown, chmod, open) may lead somewhere else by the time it is used
 * (the CVE-2022-21658 / cPanel "chown through a symlink" class). Node has no openat(), so
 * a child is reached through the kernel's magic link of the open parent:
 * `/proc/self/fd/{fd}/{name}` resolves `{fd}` to the very directory that was opened (not
 * to a name that can be re-pointed) and then looks `{name}` up inside it: with O_NOFOLLOW
 * this is exactly openat(fd, name, O_NOFOLLOW). Owner and mode are then changed on the
 * opened descriptor (fchown/fchmod), never on a path.
 */

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** One path component: no slash, not `.` or `..`, so the lookup cannot leave the directory. */
function component(name: string): string {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new Error(`not a single path component: ${JSON.stringify(name)}`);
  }
  return name;
}

/** The path that resolves to `name` inside the open directory `dir` (the openat equivalent). */
export function childPath(dir: FileHandle, name: string): string {
  return `/proc/self/fd/${dir.fd}/${component(name)}`;
}

function notADirectory(label: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  // ELOOP: the last component is a symlink (O_NOFOLLOW); ENOTDIR: a file or a symlink to one.
  if (code === 'ELOOP' || code === 'ENOTDIR') return new Error(`${label} exists and is not a directory`);
  return e as Error;
}

/** Opens a directory, refusing a symlink in its place (the last component is not followed). */
export async function openDirNoFollow(path: string): Promise<FileHandle> {
  try {
    return await fs.open(path, DIR_FLAGS);
  } catch (e) {
    throw notADirectory(path, e);
  }
}

/** Opens the child directory `name` of `dir`; null when absent; throws when it is anything but a directory. */
export async function openChildDir(dir: FileHandle, name: string, label = name): Promise<FileHandle | null> {
  try {
    return await fs.open(childPath(dir, name), DIR_FLAGS);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw notADirectory(label, e);
  }
}

/**
 * Makes the child directory `name` of `dir` if it is missing (mkdirat: a symlink in its
 * place is EEXIST, never followed) and opens it. Throws when something else is there.
 */
export async function ensureChildDir(dir: FileHandle, name: string, mode: number, label = name): Promise<FileHandle> {
  await fs.mkdir(childPath(dir, name), { mode }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  const child = await openChildDir(dir, name, label);
  if (!child) throw new Error(`${label} vanished while it was being created`);
  return child;
}

/** Sets owner, group and mode on an open descriptor (fchown/fchmod: no path is resolved). */
export async function setOwnerAndMode(handle: FileHandle, uid: number, gid: number, mode: number): Promise<void> {
  await handle.chown(uid, gid);
  await handle.chmod(mode);
}

/** Runs `work` with an open handle and always closes it. */
export async function withHandle<T>(open: Promise<FileHandle>, work: (h: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open;
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}
