import { ConflictError } from '@hearth/shared';
import type { AccountSpec, Step } from '../operations/step';
import { homeOf, findManagedUser } from './managed-user';
import { findUser } from './passwd';
import { Exec, ExecError } from '../system/exec';
import { killAll, processesOfUid } from './user-processes';
import { removeCrontab } from './crontab';

/** Creates the account's Linux user (own group, no login shell, Hearth marker in GECOS). */
export const linuxUserStep: Step<AccountSpec> = {
  name: 'linux_user',
  async apply(spec, { config, parts, log }) {
    const existing = await findUser(spec.username);
    if (existing) {
      if (await findManagedUser(config, spec.username)) return; // re-apply after a crash
      throw new ConflictError(`Linux user ${spec.username} already exists`);
    }
    // A crontab left under this name (a user removed by hand, or by a version that kept
    // it) would become the new account's once its user exists.
    if (await removeCrontab(config.cronSpoolDir, spec.username)) log.warn({ username: spec.username }, 'removed a crontab left by an earlier user of this name');
    await parts.exec('useradd', [
      // No subordinate uid/gid range (login.defs gives every new user 65,536 of each, for
      // rootless containers): a hosting account has no use for one, and allocating it made
      // useradd scan and rewrite /etc/subuid and /etc/subgid, 2 of its 6 whole-file
      // rewrites (4 of its 12 fsyncs), each O(accounts).
      '--key', 'SUB_UID_COUNT=0', '--key', 'SUB_GID_COUNT=0',
      '--comment', config.userMarker,
      '--home-dir', homeOf(config, spec.username),
      '--no-create-home',
      '--shell', config.userShell,
      '--user-group',
      '--no-log-init',
      spec.username,
    ]);
  },
  async undo(spec, ctx) {
    await removeLinuxUser(spec.username, ctx);
  },
};

export async function removeLinuxUser(username: string, { config, parts }: Parameters<Step<AccountSpec>['undo']>[1]): Promise<void> {
  if (await findManagedUser(config, username)) await userdel(username, parts.exec);
  // Also here, once the user is gone: a delete that ended in an earlier version's userdel,
  // or a create undone before its home step, leaves no crontab behind either.
  await removeCrontab(config.cronSpoolDir, username);
}

async function userdel(username: string, exec: Exec): Promise<void> {
  // userdel refuses (exit 8) while the user has a process; a delete has stopped them all
  // already (remove_home), so the stop is needed only then.
  try {
    await exec('userdel', [username]);
  } catch (e) {
    if (!(e instanceof ExecError && e.result.code === USERDEL_USER_BUSY)) throw e;
    await stopUserProcesses(username, exec);
    await exec('userdel', [username]);
  }
}

/** userdel's exit status when the user is logged in or has a process (shadow-utils). */
const USERDEL_USER_BUSY = 8;

/**
 * Kills every process of the user and waits until none is left (userdel refuses
 * otherwise). First as the user itself, `kill -KILL -1`: the kernel signals every process
 * the uid may signal in one pass under the task-list lock, so a process forking as fast
 * as it can cannot outrun it; then whatever the agent's own read of /proc still finds (a
 * process whose effective or filesystem uid is the user's but whose real and saved uids
 * are not, which the user's `kill` cannot reach; or one still dying) is killed by pid.
 */
export async function stopUserProcesses(username: string, exec: Exec): Promise<void> {
  const user = await findUser(username);
  if (!user || user.uid <= 0) return;
  for (let attempt = 0; attempt < 50; attempt++) {
    await killAsUser(user, exec);
    const left = await processesOfUid(user.uid);
    if (left.length === 0) return;
    killAll(left);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`processes of ${username} survived SIGKILL`);
}

async function killAsUser(user: { uid: number; gid: number }, exec: Exec): Promise<void> {
  await exec('setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', 'kill', '-KILL', '--', '-1'], { okCodes: [1] });
}
