import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { Exec } from '../system/exec';

/**
 * Removes a directory tree without ever following a symlink out of it. Node's
 * recursive rm lstat()s every entry and unlinks symlinks rather than descending into
 * them; we additionally refuse when the path itself is a symlink or when its parent
 * resolves somewhere other than expected. Immutable files get their flag cleared.
 */
export async function removeTreeSafely(path: string, expectedParent: string, exec: Exec): Promise<void> {
  const parentReal = await fs.realpath(dirname(path)).catch(() => null);
  if (parentReal === null) return;
  if (parentReal !== (await fs.realpath(expectedParent))) throw new Error(`${path} is not inside ${expectedParent}`);
  const stat = await fs.lstat(path).catch(() => null);
  if (!stat) return;
  if (!stat.isDirectory()) {
    await fs.unlink(path); // a symlink or file planted where the home should be: remove the link only
    return;
  }
  try {
    await fs.rm(path, { recursive: true, force: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
    // chattr -R skips symlinks during traversal, so this cannot reach outside the tree.
    await exec('chattr', ['-R', '-i', '-a', path], { okCodes: [1] });
    await fs.rm(path, { recursive: true, force: true });
  }
}
