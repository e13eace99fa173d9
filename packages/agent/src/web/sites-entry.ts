import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { NginxEntryFile } from './nginx-entry-file';
import { renderSitesEntry, SITES_ENTRY_FILE, SitesEntryParams } from './render-nginx-sites-entry';
import type { WebConfig } from './web-config';
import { bridgeRootOf } from './site-bridge';
import { ensureLogRoot } from './log-dir-step';

/**
 * The roots the sites entry's map names: beside the challenge directory, the ACME root
 * (`{acmeChallengeDir}.root`, whose `.well-known/acme-challenge` links to the challenge
 * directory, so the files the ACME issuer writes there are what every vhost serves), and
 * an empty directory in the pages directory (`.refused`; no domain starts with a dot).
 * All root's, so `disable_symlinks if_not_owner` follows the link. And the bridge's
 * directory of sites (site-bridge.ts) and the log root its access log is in.
 */
function sitesEntryParams(config: WebConfig): SitesEntryParams {
  return {
    fastcgiParams: config.nginx.fastcgiParams,
    acmeRoot: `${config.acmeChallengeDir}.root`,
    refusedRoot: join(config.pagesDir, '.refused'),
    listen: config.nginx.listen,
    bridgeRoot: bridgeRootOf(config),
    // In the log root, beside the accounts' directories (no username has a dot).
    bridgeLog: join(config.logRoot, '.new-sites.access.log'),
  };
}

async function makeRoots(config: WebConfig, p: SitesEntryParams): Promise<void> {
  const wellKnown = join(p.acmeRoot, '.well-known');
  for (const dir of [config.acmeChallengeDir, wellKnown, p.refusedRoot, p.bridgeRoot]) await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await ensureLogRoot(config.logRoot);
  const link = join(wellKnown, 'acme-challenge');
  const current = await fs.readlink(link).catch(() => null);
  if (current === config.acmeChallengeDir) return;
  await fs.rm(link, { force: true, recursive: true });
  await fs.symlink(config.acmeChallengeDir, link);
}

/** The sites entry of this web configuration, its roots made before it is written. */
export function sitesEntry(config: WebConfig, log: Logger): NginxEntryFile {
  const params = sitesEntryParams(config);
  return new NginxEntryFile(
    join(config.nginx.sitesEnabled, SITES_ENTRY_FILE), () => renderSitesEntry(params), 'sites entry', log,
    () => makeRoots(config, params),
  );
}
