import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { findUser } from '../users/passwd';
import type { AccountWeb } from './account-web';
import type { WebConfig } from './web-config';
import { safeDomain } from './safe-values';

/**
 * The links through which the sites entry's bridge server (render-nginx-sites-entry.ts)
 * serves a site nginx has not loaded yet: for the domain and its www name,
 * `{bridgeRoot}/{name}/root` → the document root and `{bridgeRoot}/{name}/php.sock` → the
 * account's pool socket. Everything here is root's except the `root` link, which belongs to
 * the account's uid: `disable_symlinks if_not_owner` follows a link only to its owner's
 * files. The customer can change none of it (the directories are root's).
 */
export function bridgeRootOf(config: WebConfig): string {
  // In the pages directory, which nginx reads; no domain starts with a dot.
  return join(config.pagesDir, '.sites');
}

function bridgeDirs(a: AccountWeb): string[] {
  const domain = safeDomain(a.account.domain);
  return [domain, `www.${domain}`].map((name) => join(bridgeRootOf(a.web.config), name));
}

/** Replaces `path` with a symlink to `target` in one rename (never absent meanwhile). */
async function linkAtomically(target: string, path: string, owner?: { uid: number; gid: number }): Promise<void> {
  const temporary = `${path}.new`;
  await fs.rm(temporary, { force: true });
  await fs.symlink(target, temporary);
  if (owner) await fs.lchown(temporary, owner.uid, owner.gid);
  await fs.rename(temporary, path);
}

/** The site's links, in place before its vhost is tested, so the bridge serves it once the test passed. */
export async function placeBridge(a: AccountWeb): Promise<void> {
  const user = await findUser(a.account.username);
  if (!user) throw new Error(`user ${a.account.username} is missing`);
  for (const dir of bridgeDirs(a)) {
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    await linkAtomically(a.paths.publicHtml, join(dir, 'root'), user);
    await linkAtomically(a.paths.socket, join(dir, 'php.sock'));
  }
}

/** Before the vhost goes: the bridge must not serve a site that is being removed. */
export async function removeBridge(a: AccountWeb): Promise<void> {
  for (const dir of bridgeDirs(a)) await fs.rm(dir, { recursive: true, force: true });
}
