import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { readState } from './file-changes';
import type { FileChange } from './file-changes';
import { withShard } from './web-config';
import type { WebDaemons } from './web-daemons';

/**
 * Before 6c3f049 a pool confined PHP to `{home}/:{home}/tmp/`. PHP resolves each entry
 * through its symlinks at every check, and ~/tmp is the customer's: replaced by a link to /
 * it opened every file PHP's user may read. The line a pool gets now is the home alone
 * (render-php-pool.ts). Only the exact old line, both entries naming the same home, is
 * rewritten; anything else (an administrator's own line) is left as it is.
 */
const OLD_OPEN_BASEDIR = /^php_admin_value\[open_basedir\] = (\/[^:\n]*)\/:\1\/tmp\/$/m;

/** The pool file's text with the lines earlier versions wrote replaced by today's. */
export function upgradedPool(content: string): string {
  return content.replace(OLD_OPEN_BASEDIR, (_line, home: string) => `php_admin_value[open_basedir] = ${home}/`);
}

/** The changes that bring one pool directory's files up to date. */
async function changesIn(dir: string): Promise<FileChange[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const changes: FileChange[] = [];
  for (const name of names.filter((n) => n.endsWith('.conf'))) {
    const state = await readState(join(dir, name));
    if (state.kind !== 'file') continue;
    const text = state.content.toString();
    const upgraded = upgradedPool(text);
    if (upgraded !== text) changes.push({ path: state.path, write: upgraded, mode: state.mode, gid: state.gid });
  }
  return changes;
}

/**
 * Brings the pool files an earlier version wrote up to date (start-up, after recovery and
 * before any request): the fix reaches every account at once instead of waiting for each
 * pool to be written again. Each master's changed files are tested together and it reloads
 * once; nothing to change (every start after the first) is one read of each pool file.
 * A master that refuses them (a test that fails) keeps its files as they were; the agent
 * starts either way. Suspended accounts' pools are upgraded as unsuspend restores them.
 */
export async function upgradePools(web: WebDaemons, log: Logger): Promise<void> {
  const php = web.config.php;
  if (!web.config.enabled) return;
  for (const version of php.versions) {
    const dirs = Array.from({ length: Math.max(1, php.shards) }, (_, shard) => withShard(php.poolDirPattern, version, shard));
    const changes = (await Promise.all(dirs.map(changesIn))).flat();
    if (changes.length === 0) continue;
    try {
      await web.php(version).commit(changes);
      log.warn({ version, pools: changes.length }, 'PHP-FPM pools written by an earlier version brought up to date');
    } catch (e) {
      log.error({ err: e, version, pools: changes.length }, 'PHP-FPM pools written by an earlier version could not be brought up to date');
    }
  }
}
