import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findUser } from '../users/passwd';
import type { AccountWeb } from './account-web';
import type { WebConfig } from './web-config';
import { safeDomain } from './safe-values';
import { placeSymlink, readState } from './file-changes';

/**
 * The links through which the sites entry's bridge server (render-nginx-sites-entry.ts)
 * serves a site nginx has not loaded yet, and through which a primary domain's vhost
 * reaches its site once loaded: for the domain and its www name,
 * `{bridgeRoot}/{name}/root` → the document root and `{bridgeRoot}/{name}/php.sock` → the
 * account's pool socket. Everything here is root's except the `root` link, which belongs to
 * the account's uid: `disable_symlinks if_not_owner` follows a link only to its owner's
 * files. The customer can change none of it (the directories are root's).
 */
export function bridgeRootOf(config: WebConfig): string {
  // In the pages directory, which nginx reads; no domain starts with a dot.
  return join(config.pagesDir, '.sites');
}

/** The two links of one name (a domain, or its www name): to the document root and to the pool's socket. */
export interface BridgeLinks {
  root: string;
  socket: string;
}

export function bridgeLinksOf(config: WebConfig, name: string): BridgeLinks {
  const dir = join(bridgeRootOf(config), safeDomain(name));
  return { root: join(dir, 'root'), socket: join(dir, 'php.sock') };
}

/** The links of the domain and of its www name. */
function siteLinks(a: AccountWeb): BridgeLinks[] {
  const domain = safeDomain(a.account.domain);
  return [domain, `www.${domain}`].map((name) => bridgeLinksOf(a.web.config, name));
}

/**
 * Whether a vhost reaches its site through the domain's bridge links (a primary domain's
 * vhost since render-nginx-vhost.ts took `bridge`): once the links are gone such a vhost,
 * loaded or not, serves nothing of the site, so its removal need not wait for a reload.
 */
export function routesThroughBridge(vhost: Buffer, a: AccountWeb): boolean {
  return vhost.includes(`fastcgi_pass unix:${bridgeLinksOf(a.web.config, a.account.domain).socket};`);
}

/** The site's links, in place before its vhost is tested, so the bridge serves it once the test passed. */
export async function placeBridge(a: AccountWeb): Promise<void> {
  const user = await findUser(a.account.username);
  if (!user) throw new Error(`user ${a.account.username} is missing`);
  const links = siteLinks(a);
  for (const l of links) mkdirSync(dirname(l.root), { recursive: true, mode: 0o755 });
  await Promise.all(links.flatMap((l) => [placeSymlink(l.root, a.paths.publicHtml, user), placeSymlink(l.socket, a.paths.socket)]));
}

/**
 * The site's links, placed only if one of them is missing or points elsewhere: a
 * certificate's vhost rewrite (every new site gets one) needs them for a site older than
 * the bridge, and most sites have them already.
 */
export async function ensureBridge(a: AccountWeb): Promise<void> {
  const expected = siteLinks(a).flatMap((l) => [{ path: l.root, target: a.paths.publicHtml }, { path: l.socket, target: a.paths.socket }]);
  const states = await Promise.all(expected.map((e) => readState(e.path)));
  if (states.every((s, i) => s.kind === 'symlink' && s.target === expected[i].target)) return;
  await placeBridge(a);
}

/** Before the vhost goes: the bridge must not serve a site that is being removed. */
export async function removeBridge(a: AccountWeb): Promise<void> {
  for (const l of siteLinks(a)) rmSync(dirname(l.root), { recursive: true, force: true });
}
