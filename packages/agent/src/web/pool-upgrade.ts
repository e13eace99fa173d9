import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { readState } from './file-changes';
import type { FileChange } from './file-changes';
import { poolDirs } from './web-config';
import { inTurns } from '../system/in-turns';
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

/**
 * The changes that bring one pool directory's files up to date. Every start reads every pool
 * file, so synchronously in turns (inTurns: a promise per read costs several times the CPU);
 * only a file that needs the change is looked at again, for its mode and group (and to skip
 * a link, which readState reports as such).
 */
async function changesIn(dir: string): Promise<FileChange[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const outdated: { path: string; upgraded: string }[] = [];
  await inTurns(names.filter((n) => n.endsWith('.conf')), 64, (name) => {
    const path = join(dir, name);
    const text = readOrNull(path);
    if (text === null) return;
    const upgraded = upgradedPool(text);
    if (upgraded !== text) outdated.push({ path, upgraded });
  });
  const changes: FileChange[] = [];
  for (const { path, upgraded } of outdated) {
    const state = await readState(path);
    if (state.kind === 'file') changes.push({ path, write: upgraded, mode: state.mode, gid: state.gid });
  }
  return changes;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // removed meanwhile, or not a file
  }
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
  if (!web.config.enabled) return;
  for (const version of web.config.php.versions) {
    const changes = (await Promise.all(poolDirs(web.config.php, version).map(changesIn))).flat();
    if (changes.length === 0) continue;
    try {
      await web.php(version).commit(changes);
      log.info({ version, pools: changes.length }, 'PHP-FPM pools written by an earlier version brought up to date');
    } catch (e) {
      log.error({ err: e, version, pools: changes.length }, 'PHP-FPM pools written by an earlier version could not be brought up to date');
    }
  }
}
