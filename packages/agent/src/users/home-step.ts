import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { AccountSpec, Step, StepContext } from '../operations/step';
import { findManagedUser, homeOf } from './managed-user';
import { removeTreeSafely } from './safe-remove';
import { groupGid } from './groups';

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
    const existing = await fs.lstat(home).catch(() => null);
    if (existing?.isDirectory() && existing.uid !== user.uid) {
      // Repair after the Linux user was re-created with a new uid: the files follow it.
      // -P never follows a symlink, -h changes the link itself, not its target.
      await ctx.services.exec('chown', ['-R', '-P', '-h', `${user.uid}:${user.gid}`, '--', home]);
    }
    for (const entry of LAYOUT) {
      const path = join(home, entry.dir);
      await fs.mkdir(path, { recursive: false }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      const stat = await fs.lstat(path);
      if (!stat.isDirectory()) throw new Error(`${path} exists and is not a directory`);
      await fs.chown(path, user.uid, entry.webGroup ? webGid : user.gid);
      await fs.chmod(path, entry.mode);
    }
  },
  async undo(spec, ctx) {
    await removeHome(spec.username, ctx);
  },
};

export async function removeHome(username: string, { config, services }: StepContext): Promise<void> {
  await removeTreeSafely(homeOf(config, username), config.homeRoot, services.exec);
}
