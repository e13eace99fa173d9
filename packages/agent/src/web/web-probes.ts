import type { ComponentProbe } from '../operations/agent-module';

import type { WebAccount } from './web-paths';
import { accountWeb, poolLocations } from './account-web';
import { readState } from './file-changes';
import { isOwnedBy } from './owner-marker';
import { bridgeLinksOf, routesThroughBridge } from './site-bridge';
import type { WebContext, WebParts } from './web-parts';

function probe(component: string, fn: (account: WebAccount, ctx: WebContext) => Promise<boolean>): ComponentProbe<WebParts> {
  return Object.assign(fn, { component });
}

/**
 * "vhost": the account's vhost file is there and enabled, and when it reaches the site
 * through the bridge's links, the document root's link is there (without it the site answers 404).
 */
export const vhostProbe = probe('vhost', async (account, ctx) => {
  if (!ctx.parts.web.config.enabled) return false;
  const a = accountWeb(account, ctx);
  const file = await readState(a.paths.vhostFile);
  const link = await readState(a.paths.enabledLink);
  if (file.kind !== 'file' || !isOwnedBy(file.content, '#', account.username) || link.kind !== 'symlink') return false;
  return !routesThroughBridge(file.content, a) || (await readState(bridgeLinksOf(a.web.config, account.domain).root)).kind === 'symlink';
});

/** "php_pool": a pool of the account exists in one of the PHP versions (absent while suspended). */
export const phpPoolProbe = probe('php_pool', async (account, ctx) => {
  if (!ctx.parts.web.config.enabled) return false;
  const a = accountWeb(account, ctx);
  for (const loc of poolLocations(a)) {
    const state = await readState(loc.path);
    if (state.kind === 'file' && isOwnedBy(state.content, ';', account.username)) return true;
  }
  return false;
});
