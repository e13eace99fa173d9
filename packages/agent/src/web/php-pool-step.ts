import { ConflictError } from '@hearth/shared';
import type { AccountSpec, Step } from '../operations/step';
import { AccountWeb, accountWeb, poolLocations } from './account-web';
import { readState } from './file-changes';
import { findUser } from '../users/passwd';
import { isOwnedBy } from './owner-marker';
import { renderPhpPool } from './render-php-pool';
import type { WebAccount } from './web-paths';
import type { WebContext, WebParts } from './web-parts';

/** The uid and primary gid of a user that must exist (the account's, the web server's). */
async function idsOf(name: string): Promise<{ uid: number; gid: number }> {
  const user = await findUser(name);
  if (!user) throw new Error(`user ${name} is missing`);
  return { uid: user.uid, gid: user.gid };
}

export async function poolContent(a: AccountWeb, spec: AccountSpec): Promise<string> {
  const php = a.web.config.php;
  const account = await idsOf(spec.username);
  const web = await idsOf(a.web.config.webUser);
  return renderPhpPool({
    username: spec.username,
    ...account,
    home: a.paths.home,
    socket: a.paths.socket,
    webUid: web.uid,
    webGid: web.gid,
    workers: spec.limits?.phpWorkers || php.defaultWorkers,
    memoryMb: spec.limits?.phpMemoryMb || php.defaultMemoryMb,
    fault: a.faultPhp,
  });
}

export function poolVersion(a: AccountWeb, spec: AccountSpec): string {
  return spec.limits?.phpVersion || a.web.config.php.defaultVersion;
}

/** The account's PHP-FPM pool: PHP runs as the account's user; live once its socket exists. */
export const phpPoolStep: Step<AccountSpec, WebParts> = {
  name: 'php_fpm_pool',
  async apply(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    ctx.parts.web.pools.place(spec);
    const a = accountWeb(spec, ctx);
    const version = poolVersion(a, spec);
    const php = a.web.php(version);
    const path = a.paths.poolFile(version);
    const current = await readState(path);
    if (current.kind === 'symlink' || (current.kind === 'file' && !isOwnedBy(current.content, ';', spec.username))) {
      throw new ConflictError(`A PHP-FPM pool for ${spec.domain} exists and does not belong to ${spec.username}`);
    }
    await php.commit([{ path, write: await poolContent(a, spec) }], { checks: [{ socketPresent: a.paths.socket }] });
  },
  async undo(spec, ctx) {
    await removePools(spec, ctx, false);
  },
};

/**
 * Removes the account's pool from every PHP version it may be in and waits until its
 * socket is gone (PHP no longer runs for the account). `force` also reloads when the
 * files are already gone but the socket is still there (a crash between remove and reload).
 */
export async function removePools(account: WebAccount, ctx: WebContext, force: boolean): Promise<void> {
  if (!ctx.parts.web.config.enabled) return;
  const a = accountWeb(account, ctx);
  let removed = false;
  let foreign = false;
  for (const loc of poolLocations(a)) {
    const current = await readState(loc.path);
    if (current.kind === 'absent') continue;
    if (current.kind !== 'file' || !isOwnedBy(current.content, ';', account.username)) {
      ctx.log.warn({ path: loc.path }, 'pool file is not this account\'s; left in place');
      foreign = true;
      continue;
    }
    await a.web.php(loc.version).commit([{ path: loc.path, remove: true }], { checks: [{ socketAbsent: a.paths.socket }] });
    removed = true;
  }
  // No file of that name is left in its master's directory: the place is free.
  if (!foreign) ctx.parts.web.pools.release(account);
  if (!removed && force && (await readState(a.paths.socket)).kind !== 'absent') {
    for (const loc of poolLocations(a)) await a.web.php(loc.version).commit([]);
  }
}
