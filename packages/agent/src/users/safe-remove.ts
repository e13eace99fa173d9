import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Exec } from '../system/exec';
import { openDirNoFollow, withHandle } from './dir-handle';

/**
 * Removes a directory tree without ever following a symlink out of it. The walk is GNU
 * rm's (coreutils `rm -rf`): it descends with fts over directory descriptors (openat with
 * O_NOFOLLOW|O_DIRECTORY, unlinkat, and a device/inode check on every descent), so a
 * directory swapped for a symlink mid-walk is unlinked as a link, never entered. Node's
 * recursive fs.rm walks by path and is not safe against such a swap. --one-file-system
 * keeps it off anything mounted inside the tree. We additionally refuse when the parent
 * resolves somewhere other than expected, and remove only the link when the path itself
 * is one. Immutable files get their flag cleared (chattr -R skips symlinks).
 */
export async function removeTreeSafely(path: string, expectedParent: string, exec: Exec): Promise<void> {
  const parentReal = await fs.realpath(dirname(path)).catch(() => null);
  if (parentReal === null) return;
  if (parentReal !== (await fs.realpath(expectedParent))) throw new Error(`${path} is not inside ${expectedParent}`);
  const stat = await fs.lstat(path).catch(() => null);
  if (!stat) return;
  if (!stat.isDirectory()) {
    await fs.unlink(path); // a symlink or file planted where the tree should be: remove the link only
    return;
  }
  const rm = ['-rf', '--one-file-system', '--', path];
  try {
    await exec('rm', rm);
  } catch {
    await exec('chattr', ['-R', '-i', '-a', path], { okCodes: [1] });
    await exec('rm', rm);
  }
}

/** Where trees wait for removal: a root-only directory beside them (same filesystem, so rename works). */
export const PARKING_DIR = '.hearth-deleting';

async function parkingDir(parent: string): Promise<string> {
  const dir = join(parent, PARKING_DIR);
  await fs.mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  await withHandle(openDirNoFollow(dir), async (h) => {
    if ((await h.stat()).uid !== 0) throw new Error(`${dir} is not owned by root`);
    await h.chmod(0o700);
  });
  return dir;
}

/**
 * Moves `{parent}/{name}` out of its owner's reach, then removes it. The rename puts the
 * tree inside a root-only (0700) directory: from then on no process of the customer can
 * name anything in it, so no link can be swapped in while it is removed (the removal is
 * by descriptor as well, see removeTreeSafely). A tree left parked by an interrupted
 * delete is removed first, so re-running is safe.
 */
export async function retireTree(parent: string, name: string, exec: Exec): Promise<void> {
  const dir = await parkingDir(parent);
  const parked = join(dir, name);
  await removeTreeSafely(parked, dir, exec);
  const parentReal = await fs.realpath(parent);
  try {
    await fs.rename(join(parentReal, name), parked);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await removeTreeSafely(parked, dir, exec);
}
