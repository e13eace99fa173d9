import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Exec } from '../system/exec';

/**
 * Service directories inside an account's home (FTP and Web Disk roots). They are made
 * by the account's own user (setpriv), never by root: the customer controls the home,
 * and whatever it holds, root never creates or chmods anything through it. Afterwards
 * every component is checked with lstat: a directory reached through a symlink is
 * refused, so a login can never be rooted outside the home.
 */
export async function ensureUserDir(exec: Exec, home: string, rel: string, uid: number, gid: number, mode: '0700' | '0755' | null): Promise<string> {
  const target = rel === '' ? home : join(home, rel);
  const asUser = ['--reuid', String(uid), '--regid', String(gid), '--clear-groups', '--'];
  if (rel !== '') await exec('setpriv', [...asUser, 'mkdir', '-p', '--', target]);
  await assertNoSymlink(home, rel, uid);
  if (mode && rel !== '') await exec('setpriv', [...asUser, 'chmod', mode, '--', target]);
  return target;
}

/** Every component from the home down is a real directory owned by the account's user. */
export async function assertNoSymlink(home: string, rel: string, uid: number): Promise<void> {
  let path = home;
  const homeStat = await fs.lstat(home);
  if (!homeStat.isDirectory()) throw new Error(`${home} is not a directory`);
  for (const segment of rel === '' ? [] : rel.split('/')) {
    path = join(path, segment);
    const stat = await fs.lstat(path).catch(() => null);
    if (!stat || stat.isSymbolicLink() || !stat.isDirectory()) {
      throw new Error(`${path} is not a directory inside the home (a symlink or a file is in the way)`);
    }
    if (stat.uid !== uid) throw new Error(`${path} does not belong to the account's user`);
  }
}
