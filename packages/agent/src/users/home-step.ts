import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { AccountSpec, Step, StepContext } from '../operations/step';
import { findManagedUser, homeOf, isManaged } from './managed-user';
import { retireTree } from './safe-remove';
import { findUser } from './passwd';
import { stopUserProcesses } from './linux-user-step';
import { groupGid } from './groups';
import { applyKernelQuota } from './kernel-quota';
import { removeCrontab } from './crontab';
import { ensureChildDir, openDirNoFollow, setOwnerAndMode, withHandle } from './dir-handle';

/**
 * Home layout. The home is owner rwx, web server group --x (traverse only), others
 * nothing: other accounts cannot list or read it. public_html is readable by the web
 * server's group; logs and tmp are private to the account.
 */
const LAYOUT: { dir: string; mode: number; webGroup: boolean }[] = [
  { dir: '', mode: 0o710, webGroup: true },
  { dir: 'public_html', mode: 0o750, webGroup: true },
  { dir: 'logs', mode: 0o750, webGroup: false },
  { dir: 'tmp', mode: 0o700, webGroup: false },
];

export const homeStep: Step<AccountSpec> = {
  name: 'home',
  async apply(spec, ctx) {
    const user = await findManagedUser(ctx.config, spec.username);
    if (!user) throw new Error(`user ${spec.username} is missing`);
    const webGid = await groupGid(ctx.config.webGroup);
    const home = homeOf(ctx.config, spec.username);
    // The home's parent is root's: only root names entries there. Everything below the
    // home is the customer's and may change under us, so it is reached by descriptor
    // (users/dir-handle): a repair in a live home never chowns or chmods through a link.
    const created = await fs.mkdir(home).then(() => true, (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
      return false;
    });
    await withHandle(openDirNoFollow(home), async (dir) => {
      if (!created && (await dir.stat()).uid !== user.uid) {
        // Repair after the Linux user was re-created with a new uid: the files follow it.
        // GNU chown -R walks with fts (openat, O_NOFOLLOW, dev/inode checks on every
        // descent); -P never follows a symlink, -h changes the link itself, not its target.
        await ctx.parts.exec('chown', ['-R', '-P', '-h', `${user.uid}:${user.gid}`, '--', home]);
      }
      const [top, ...children] = LAYOUT;
      await setOwnerAndMode(dir, user.uid, top.webGroup ? webGid : user.gid, top.mode);
      for (const entry of children) {
        await withHandle(ensureChildDir(dir, entry.dir, 0o700, join(home, entry.dir)), (child) =>
          setOwnerAndMode(child, user.uid, entry.webGroup ? webGid : user.gid, entry.mode));
      }
    });
    await applyKernelQuota(ctx.parts.exec, ctx.config.homeRoot, spec.username, spec.limits.diskQuotaMb);
  },
  async undo(spec, ctx) {
    await removeHome(spec.username, ctx);
  },
};

/**
 * Removes the home so that nothing the customer does can redirect it: its crontab is
 * removed and every process of the uid killed (nothing of theirs runs or is scheduled any
 * more), the home is renamed into a root-only directory (no path of theirs reaches it),
 * and only then removed by descriptor (users/safe-remove). Also the undo of a create.
 *
 * The login is not locked first (`usermod --lock --expiredate 1`: a program that rewrites
 * /etc/passwd and /etc/shadow and forks six times, in every delete): nothing can log in as
 * the account. Its password field is useradd's "!", which no password matches (nothing sets
 * another; a suspension's restore writes back the same), its shell is nologin, its FTP and
 * Web Disk logins are its own and already gone, and a key-based SSH login reads ~/.ssh,
 * out of reach once the home is parked a moment after the kill. What could still start in
 * that moment (a job cron loaded before the crontab went) is caught by userdel, which
 * refuses while the uid has a process, and remove_user then stops them and retries.
 */
export async function removeHome(username: string, { config, parts }: StepContext): Promise<void> {
  const user = await findUser(username);
  if (user && isManaged(config, user)) {
    await removeCrontab(config.cronSpoolDir, username);
    await stopUserProcesses(username, parts.exec);
    await applyKernelQuota(parts.exec, config.homeRoot, username, 0);
  }
  await retireTree(config.homeRoot, username, parts.exec);
}
