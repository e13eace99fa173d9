import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isValidDomain, isValidUsername } from '@hearth/shared';
import type { OrphanScanner } from '../operations/agent-module';

import { removeVhost } from './nginx-vhost-step';
import { removePools } from './php-pool-step';
import { poolDirs } from './web-config';
import type { WebContext, WebParts } from './web-parts';

/** The first line Hearth writes into a vhost ('#') or pool (';') file names its account. */
const MARKER = /^[#;] Managed by Hearth for account ([a-z][a-z0-9]{2,31}): /;

/** The files Hearth wrote in a directory (by their first line), keyed by domain, with their owner. */
async function hearthFiles(dir: string): Promise<{ domain: string; owner: string }[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const found: { domain: string; owner: string }[] = [];
  for (const name of names) {
    const domain = name.replace(/\.conf$/, '');
    if (!name.endsWith('.conf') || !isValidDomain(domain)) continue;
    const handle = await fs.open(join(dir, name), 'r').catch(() => null);
    if (!handle) continue;
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(200), 0, 200, 0);
      const owner = MARKER.exec(buffer.subarray(0, bytesRead).toString())?.[1];
      if (owner && isValidUsername(owner)) found.push({ domain, owner });
    } finally {
      await handle.close();
    }
  }
  return found;
}

function enabled(ctx: WebContext): boolean {
  return ctx.parts.web?.config.enabled === true;
}

function vhostFiles(ctx: WebContext) {
  return hearthFiles(ctx.parts.web.config.nginx.sitesAvailable);
}

async function poolFiles(ctx: WebContext) {
  const php = ctx.parts.web.config.php;
  const dirs = php.versions.flatMap((v) => poolDirs(php, v));
  const perVersion = await Promise.all([...new Set(dirs)].map((dir) => hearthFiles(dir)));
  const unique = new Map(perVersion.flat().map((f) => [`${f.owner} ${f.domain}`, f]));
  return [...unique.values()];
}

/**
 * Orphans of one kind of web file: a Hearth-marked file whose account the agent does not
 * know (left behind, or made by hand). Files without the marker are never touched.
 */
function webOrphans(kind: string, files: typeof vhostFiles, remove: (a: { username: string; domain: string }, ctx: WebContext) => Promise<void>): OrphanScanner<WebParts> {
  return {
    kind,
    async scan(ctx, records) {
      if (!enabled(ctx)) return [];
      const known = new Set(records.map((r) => `${r.username} ${r.domain}`));
      return (await files(ctx))
        .filter((f) => !known.has(`${f.owner} ${f.domain}`))
        .map((f) => ({ name: f.domain, detail: `${kind} ${f.domain}.conf (marked for ${f.owner}) belongs to no account` }));
    },
    async remove(domain, ctx) {
      if (!enabled(ctx)) return;
      const file = (await files(ctx)).find((f) => f.domain === domain);
      if (file) await remove({ username: file.owner, domain }, ctx);
    },
  };
}

export const vhostOrphans = webOrphans('vhost', vhostFiles, (a, ctx) => removeVhost(a, ctx, true));
export const poolOrphans = webOrphans('php_pool', poolFiles, (a, ctx) => removePools(a, ctx, true));
