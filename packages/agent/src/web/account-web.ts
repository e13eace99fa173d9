
import type { WebDaemons } from './web-daemons';
import { AccountWebPaths, WebAccount, accountWebPaths } from './web-paths';
import { dirname } from 'node:path';
import { renderNginxVhost, renderSuspendedVhost, VhostTls } from './render-nginx-vhost';
import type { WebContext, WebDaemonsContext } from './web-parts';
import { bridgeLinksOf } from './site-bridge';

/** Everything a web step needs about one account, derived from config and the account's identity. */
export interface AccountWeb {
  web: WebDaemons;
  paths: AccountWebPaths;
  account: WebAccount;
  /** Whether test mode asks for this domain's nginx / php-fpm test to fail. */
  faultNginx: boolean;
  faultPhp: boolean;
}

export function accountWeb(account: WebAccount, ctx: WebDaemonsContext): AccountWeb {
  const web = ctx.parts.web;
  const cfg = web.config;
  return {
    web,
    account,
    paths: accountWebPaths(cfg, ctx.config.homeRoot, account, web.pools),
    faultNginx: ctx.config.testMode === true && cfg.faultNginxTestFor.includes(account.domain),
    faultPhp: ctx.config.testMode === true && cfg.faultPhpTestFor.includes(account.domain),
  };
}

/** The HTTPS part of the account's vhost when the TLS module has a certificate in place for it. */
export async function vhostTls(a: AccountWeb, ctx: WebContext): Promise<VhostTls | null> {
  return (await ctx.parts.vhostTls.sectionFor(a.account.domain)) ?? null;
}

/** Runs a vhost rewrite while the TLS module installs nothing for the domain (no interleaving). */
export function withoutTlsInstall<T>(a: AccountWeb, ctx: WebContext, work: () => Promise<T>): Promise<T> {
  return ctx.parts.vhostTls.exclusive(a.account.domain, work);
}

/**
 * `documentRoot`: an added domain's, absolute inside the home (domains/); public_html when
 * absent. A primary domain's vhost reaches public_html and the pool through its bridge
 * links (site-bridge.ts), which every step that writes it places first.
 */
export function vhostContent(a: AccountWeb, tls: VhostTls | null = null, documentRoot?: string): string {
  const cfg = a.web.config;
  return renderNginxVhost({
    documentRoot,
    bridge: documentRoot === undefined ? bridgeLinksOf(cfg, a.account.domain) : undefined,
    owner: a.account.username,
    domain: a.account.domain,
    home: a.paths.home,
    logDir: a.paths.logDir,
    listen: cfg.nginx.listen,
    socket: a.paths.socket,
    fault: a.faultNginx,
    tls,
  });
}

export function suspendedVhostContent(a: AccountWeb, tls: VhostTls | null = null): string {
  const cfg = a.web.config;
  return renderSuspendedVhost({
    owner: a.account.username,
    domain: a.account.domain,
    home: a.paths.home,
    logDir: a.paths.logDir,
    listen: cfg.nginx.listen,
    pageDir: a.paths.suspendedPageDir,
    acmeChallengeDir: cfg.acmeChallengeDir,
    tls,
  });
}

/** Every configured PHP version with the path this account's pool would have there. */
export function poolLocations(a: AccountWeb): { version: string; path: string; dir: string }[] {
  return a.web.config.php.versions.map((version) => {
    const path = a.paths.poolFile(version);
    return { version, path, dir: dirname(path) };
  });
}
