import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { USERNAME_PATTERN } from '@hearth/shared';

/**
 * Removes a user's crontab. A customer's PHP may run `crontab` (setgid crontab) and leave
 * jobs that cron runs under the account's uid. cron finds them by user name and keeps the
 * file of a user that no longer exists, so a later account given the same name would run
 * them as its own: the file goes with the account, and a new account's user is made only
 * after any file left under its name is gone. Only root and the crontab group write the
 * spool, and unlink removes an entry without following it. True when there was one.
 */
export async function removeCrontab(spoolDir: string, username: string): Promise<boolean> {
  // The account grammar's own pattern: no slash, no dot, so the name stays one entry of the spool.
  if (!USERNAME_PATTERN.test(username)) throw new Error(`not a user name: ${JSON.stringify(username)}`);
  try {
    unlinkSync(join(spoolDir, username));
    return true;
  } catch (e) {
    // No spool (cron is not installed) or no crontab: nothing to remove.
    if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return false;
    throw e;
  }
}
