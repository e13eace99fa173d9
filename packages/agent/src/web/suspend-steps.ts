import { promises as fs } from 'node:fs';
import type { AccountSpec, Step } from '../operations/step';
import { writeFileDurably } from '../system/durable-file';
import { accountWeb, suspendedVhostContent, vhostTls, withoutTlsInstall } from './account-web';
import { renderPage } from './render-page';
import { upgradedPool } from './pool-upgrade';
import { dropSnapshot, ensureSnapshot, readSnapshot, savedToChange } from './suspension-snapshot';
import type { WebAccount } from './web-paths';
import type { WebContext, WebParts } from './web-parts';

/*
 * Suspension swaps the vhost for one that answers 503 with the suspended page and takes
 * the PHP pool away (its workers stop); unsuspend puts back the very bytes suspend saved.
 * Four functions, each idempotent, paired into steps so that each step's undo is the
 * opposite function.
 */

async function suspendVhost(account: WebAccount, ctx: WebContext): Promise<void> {
  if (!ctx.parts.web.config.enabled) return;
  const a = accountWeb(account, ctx);
  await withoutTlsInstall(a, ctx, async () => {
    await ensureSnapshot(a, ctx);
    await fs.mkdir(a.web.config.pagesDir, { recursive: true, mode: 0o755 });
    await fs.mkdir(a.paths.suspendedPageDir, { recursive: true, mode: 0o755 });
    await writeFileDurably(a.paths.suspendedPage, renderPage(a.web.config.suspendedPageTemplate, account.domain), 0o644);
    await a.web.nginx.commit([
      // A domain with a certificate answers 503 over HTTPS as well.
      { path: a.paths.vhostFile, write: suspendedVhostContent(a, await vhostTls(a, ctx)) },
      { path: a.paths.enabledLink, symlinkTo: a.paths.vhostFile },
    ]);
  });
}

async function restoreVhost(account: WebAccount, ctx: WebContext, drop: boolean): Promise<void> {
  if (!ctx.parts.web.config.enabled) return;
  const a = accountWeb(account, ctx);
  await withoutTlsInstall(a, ctx, async () => {
    const snapshot = await readSnapshot(a, ctx);
    if (!snapshot) return;
    const vhost = savedToChange(snapshot.vhost);
    const link = savedToChange(snapshot.link);
    // Never leave a symlink pointing at nothing, even for an instant: nginx -t would fail.
    const changes = 'remove' in vhost ? [link, vhost] : [vhost, link];
    await a.web.nginx.commit(changes, { skipIfUnchanged: true });
    if (drop) await dropSnapshot(a, ctx);
  });
}

async function suspendPool(account: WebAccount, ctx: WebContext): Promise<void> {
  if (!ctx.parts.web.config.enabled) return;
  const a = accountWeb(account, ctx);
  const snapshot = await ensureSnapshot(a, ctx);
  for (const { version, file } of snapshot.pools) {
    await a.web.php(version).commit([{ path: file.path, remove: true }], {
      checks: [{ socketAbsent: a.paths.socket }], skipIfUnchanged: true,
    });
  }
}

async function restorePool(account: WebAccount, ctx: WebContext): Promise<void> {
  if (!ctx.parts.web.config.enabled) return;
  const a = accountWeb(account, ctx);
  const snapshot = await readSnapshot(a, ctx);
  if (!snapshot) return;
  for (const { version, file } of snapshot.pools) {
    const saved = savedToChange(file);
    // Saved by an earlier version, the bytes may hold a line that is unsafe now.
    const change = saved.write === undefined ? saved : { ...saved, write: upgradedPool(saved.write) };
    await a.web.php(version).commit([change], {
      checks: [{ socketPresent: a.paths.socket }], skipIfUnchanged: true,
    });
  }
}

export const suspendVhostStep: Step<AccountSpec, WebParts> = {
  name: 'web_suspend_vhost',
  apply: (spec, ctx) => suspendVhost(spec, ctx),
  undo: (spec, ctx) => restoreVhost(spec, ctx, true),
};

export const suspendPoolStep: Step<AccountSpec, WebParts> = {
  name: 'web_suspend_php_pool',
  apply: (spec, ctx) => suspendPool(spec, ctx),
  undo: (spec, ctx) => restorePool(spec, ctx),
};

export const unsuspendPoolStep: Step<AccountSpec, WebParts> = {
  name: 'web_unsuspend_php_pool',
  apply: (spec, ctx) => restorePool(spec, ctx),
  undo: (spec, ctx) => suspendPool(spec, ctx),
};

export const unsuspendVhostStep: Step<AccountSpec, WebParts> = {
  name: 'web_unsuspend_vhost',
  apply: (spec, ctx) => restoreVhost(spec, ctx, true),
  undo: (spec, ctx) => suspendVhost(spec, ctx),
};
