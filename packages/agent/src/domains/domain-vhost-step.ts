import { join } from 'node:path';
import { ConflictError } from '@hearth/shared';
import type { Step } from '../operations/step';
import { readState } from '../web/file-changes';
import { isOwnedBy } from '../web/owner-marker';
import { removeVhost } from '../web/nginx-vhost-step';
import { dropSnapshot } from '../web/suspension-snapshot';
import type { VhostTls } from '../web/render-nginx-vhost';
import { accountWeb, vhostContent, vhostTls, withoutTlsInstall } from '../web/account-web';
import type { WebContext } from '../web/web-parts';
import type { DomainParts, DomainSpec } from './domain-spec';
import { webAccountOf } from './domain-spec';

/**
 * The vhost of an added domain: the primary's template (same pool socket, so PHP runs as
 * the account's uid; same root-controlled log dir) with the domain's own document root.
 * An alias's document root is its target's, so it serves the same site.
 */
export function domainVhostContent(spec: DomainSpec, documentRoot: string, ctx: WebContext, tls: VhostTls | null = null): string {
  const a = accountWeb(webAccountOf(spec), ctx);
  return vhostContent(a, tls, join(a.paths.home, documentRoot));
}

/** Writes the vhost and its sites-enabled link, tested with `nginx -t` before the reload. */
export async function writeDomainVhost(spec: DomainSpec, documentRoot: string, ctx: WebContext): Promise<void> {
  if (!ctx.parts.web.config.enabled) return;
  const a = accountWeb(webAccountOf(spec), ctx);
  const file = await readState(a.paths.vhostFile);
  if (file.kind === 'symlink' || (file.kind === 'file' && !isOwnedBy(file.content, '#', spec.username))) {
    throw new ConflictError(`An nginx vhost for ${spec.entry.domain} exists and does not belong to ${spec.username}`);
  }
  const link = await readState(a.paths.enabledLink);
  if (link.kind === 'file' || (link.kind === 'symlink' && link.target !== a.paths.vhostFile)) {
    throw new ConflictError(`${a.paths.enabledLink} exists and is not Hearth's link for ${spec.entry.domain}`);
  }
  // With its certificate in place (a document-root change), the HTTPS server stays; never interleaved with an install.
  await withoutTlsInstall(a, ctx, async () => a.web.nginx.commit([
    { path: a.paths.vhostFile, write: domainVhostContent(spec, documentRoot, ctx, await vhostTls(a, ctx)) },
    { path: a.paths.enabledLink, symlinkTo: a.paths.vhostFile },
  ]));
}

export const domainVhostStep: Step<DomainSpec, DomainParts> = {
  name: 'domain_vhost',
  apply: (spec, ctx) => writeDomainVhost(spec, spec.entry.documentRoot, ctx),
  async undo(spec, ctx) {
    await removeVhost(webAccountOf(spec), ctx, false);
  },
};

/** Removal: the vhost, its link and any suspension snapshot. Rolled forward. */
export const removeDomainVhostStep: Step<DomainSpec, DomainParts> = {
  name: 'remove_domain_vhost',
  async apply(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    await removeVhost(webAccountOf(spec), ctx, true);
    await dropSnapshot(accountWeb(webAccountOf(spec), ctx), ctx);
  },
  async undo() {},
};
