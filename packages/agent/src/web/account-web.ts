import type { StepContext } from '../operations/step';
import type { WebServices } from './web-services';
import { AccountWebPaths, WebAccount, accountWebPaths } from './web-paths';
import { withVersion } from './web-config';
import { renderNginxVhost, renderSuspendedVhost, VhostTls } from './render-nginx-vhost';

/** Everything a web step needs about one account, derived from config and the account's identity. */
export interface AccountWeb {
  web: WebServices;
  paths: AccountWebPaths;
  account: WebAccount;
  /** Whether test mode asks for this domain's nginx / php-fpm test to fail. */
  faultNginx: boolean;
  faultPhp: boolean;
}

export function accountWeb(account: WebAccount, ctx: StepContext): AccountWeb {
  const web = ctx.services.web;
  const cfg = web.config;
  return {
    web,
    account,
    paths: accountWebPaths(cfg, ctx.config.homeRoot, account),
    faultNginx: ctx.config.testMode === true && cfg.faultNginxTestFor.includes(account.domain),
    faultPhp: ctx.config.testMode === true && cfg.faultPhpTestFor.includes(account.domain),
  };
}

/** The HTTPS part of the account's vhost when the TLS module has a certificate in place for it. */
export async function vhostTls(a: AccountWeb, ctx: StepContext): Promise<VhostTls | null> {
  return (await ctx.services.tls?.sectionFor(a.account.domain)) ?? null;
}

/** Runs a vhost rewrite while the TLS module installs nothing for the domain (no interleaving). */
export function withoutTlsInstall<T>(a: AccountWeb, ctx: StepContext, work: () => Promise<T>): Promise<T> {
  const tls = ctx.services.tls;
  return tls ? tls.exclusive(a.account.domain, work) : work();
}

export function vhostContent(a: AccountWeb, tls: VhostTls | null = null): string {
  const cfg = a.web.config;
  return renderNginxVhost({
    owner: a.account.username,
    domain: a.account.domain,
    home: a.paths.home,
    logDir: a.paths.logDir,
    listen: cfg.nginx.listen,
    socket: a.paths.socket,
    acmeChallengeDir: cfg.acmeChallengeDir,
    fastcgiParams: cfg.nginx.fastcgiParams,
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
  return a.web.config.php.versions.map((version) => ({
    version,
    path: a.paths.poolFile(version),
    dir: withVersion(a.web.config.php.poolDirPattern, version),
  }));
}
