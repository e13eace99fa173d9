import type { ComponentProbe } from '../operations/agent-module';

import type { WebAccount } from './web-paths';
import { accountWeb, poolLocations } from './account-web';
import { readState } from './file-changes';
import { isOwnedBy } from './owner-marker';
import type { WebContext, WebParts } from './web-parts';

function probe(component: string, fn: (account: WebAccount, ctx: WebContext) => Promise<boolean>): ComponentProbe<WebParts> {
  return Object.assign(fn, { component });
}

/** "vhost": the account's vhost file is there and enabled. */
export const vhostProbe = probe('vhost', async (account, ctx) => {
  if (!ctx.parts.web.config.enabled) return false;
  const a = accountWeb(account, ctx);
  const file = await readState(a.paths.vhostFile);
  const link = await readState(a.paths.enabledLink);
  return file.kind === 'file' && isOwnedBy(file.content, '#', account.username) && link.kind === 'symlink';
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
