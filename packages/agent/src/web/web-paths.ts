import { join } from 'node:path';
import type { WebConfig } from './web-config';
import { withShard } from './web-config';
import { hashedShards, PoolShards } from './pool-placement';
import { safeDomain, safePath, safePhpVersion, safeUsername } from './safe-values';

/** The account identity the web module needs; AccountSpec and the suspend/delete inputs all have it. */
export interface WebAccount {
  username: string;
  domain: string;
}

/** Every host path the web module writes for one account, derived from config alone. */
export interface AccountWebPaths {
  home: string;
  publicHtml: string;
  /** `~/logs`: the customer's own directory; it only holds symlinks to logDir's files. */
  logsDir: string;
  /** {logRoot}/{username}: root-controlled, where nginx writes the account's logs. */
  logDir: string;
  accessLog: string;
  errorLog: string;
  tmpDir: string;
  indexPage: string;
  vhostFile: string;
  enabledLink: string;
  socket: string;
  suspendedPageDir: string;
  suspendedPage: string;
  poolFile(version: string): string;
}

/** `shards`: where the account's pool is (the web module's PoolPlacement); the hashed shard by default. */
export function accountWebPaths(web: WebConfig, homeRoot: string, account: WebAccount, shards: PoolShards = hashedShards(web.php)): AccountWebPaths {
  const username = safeUsername(account.username);
  const domain = safeDomain(account.domain);
  const home = safePath(join(homeRoot, username), 'home');
  const suspendedPageDir = safePath(join(web.pagesDir, domain), 'pages dir');
  const logDir = safePath(join(web.logRoot, username), 'log dir');
  return {
    home,
    publicHtml: join(home, 'public_html'),
    logsDir: join(home, 'logs'),
    logDir,
    accessLog: join(logDir, 'access.log'),
    errorLog: join(logDir, 'error.log'),
    tmpDir: join(home, 'tmp'),
    indexPage: join(home, 'public_html', 'index.html'),
    vhostFile: safePath(join(web.nginx.sitesAvailable, `${domain}.conf`)),
    enabledLink: safePath(join(web.nginx.sitesEnabled, `${domain}.conf`)),
    socket: safePath(join(web.php.socketDir, `hearth-${username}.sock`)),
    suspendedPageDir,
    suspendedPage: join(suspendedPageDir, 'suspended.html'),
    poolFile: (version) => safePath(join(withShard(web.php.poolDirPattern, safePhpVersion(version), shards.shardOf({ username, domain })), `${domain}.conf`)),
  };
}
