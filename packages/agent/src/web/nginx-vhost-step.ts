import { ConflictError } from '@hearth/shared';
import type { AccountSpec, Step } from '../operations/step';
import { accountWeb, vhostContent, vhostTls } from './account-web';
import { readState } from './file-changes';
import { isOwnedBy } from './owner-marker';
import { placeBridge, removeBridge, routesThroughBridge } from './site-bridge';
import type { WebAccount } from './web-paths';
import type { WebContext, WebParts } from './web-parts';

/**
 * The account's nginx vhost in sites-available plus its sites-enabled symlink, tested
 * with `nginx -t` against the configuration. When the step resolves, nginx serves the
 * domain: through the sites entry's bridge (site-bridge.ts) until the reload that loads
 * the vhost, which follows within the deferral window, shared with every site created
 * meanwhile; a bad vhost still fails the step (the test comes first).
 */
export const nginxVhostStep: Step<AccountSpec, WebParts> = {
  name: 'nginx_vhost',
  async apply(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    const a = accountWeb(spec, ctx);
    const file = await readState(a.paths.vhostFile);
    if (file.kind === 'symlink' || (file.kind === 'file' && !isOwnedBy(file.content, '#', spec.username))) {
      throw new ConflictError(`An nginx vhost for ${spec.domain} exists and does not belong to ${spec.username}`);
    }
    const link = await readState(a.paths.enabledLink);
    if (link.kind === 'file' || (link.kind === 'symlink' && link.target !== a.paths.vhostFile)) {
      throw new ConflictError(`${a.paths.enabledLink} exists and is not Hearth's link for ${spec.domain}`);
    }
    await placeBridge(a);
    await a.web.nginx.commit([
      // A repair keeps the HTTPS server of a domain whose certificate is in place.
      { path: a.paths.vhostFile, write: vhostContent(a, await vhostTls(a, ctx)) },
      { path: a.paths.enabledLink, symlinkTo: a.paths.vhostFile },
    ], { loadLater: true });
  },
  async undo(spec, ctx) {
    await removeVhost(spec, ctx, false);
  },
};

/**
 * Removes the bridge's links, the symlink and the vhost (only if they are this account's).
 * A vhost that nginx runs as it is on disk and that reaches its site through the bridge's
 * links serves nothing of it once the links are gone (404, and PHP finds no socket): its
 * removal is tested and in place when this resolves, and the reload that unloads it follows
 * within the deferral window, shared. Any other vhost (a suspended one, one an earlier
 * version wrote, one whose last change nginx has not loaded) is unloaded before this resolves.
 */
export async function removeVhost(account: WebAccount, ctx: WebContext, force: boolean): Promise<void> {
  if (!ctx.parts.web.config.enabled) return;
  const a = accountWeb(account, ctx);
  const file = await readState(a.paths.vhostFile);
  const link = await readState(a.paths.enabledLink);
  const ownFile = file.kind === 'absent' || (file.kind === 'file' && isOwnedBy(file.content, '#', account.username));
  const ownLink = link.kind === 'absent' || (link.kind === 'symlink' && link.target === a.paths.vhostFile);
  if (!ownFile || !ownLink) {
    ctx.log.warn({ domain: account.domain }, 'vhost is not this account\'s; left in place');
    return;
  }
  const servesNothingWithoutLinks = file.kind === 'file' && routesThroughBridge(file.content, a) && a.web.nginx.isLoaded(a.paths.vhostFile);
  await removeBridge(a);
  // Delete reloads even when the files are already gone: a crash may have come before the reload.
  await a.web.nginx.commit(
    [{ path: a.paths.enabledLink, remove: true }, { path: a.paths.vhostFile, remove: true }],
    { skipIfUnchanged: !force, loadLater: servesNothingWithoutLinks },
  );
}
