import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isValidDomain, isValidUsername } from '@hearth/shared';
import type { OrphanScanner } from '../operations/account-steps';
import { removeVhost } from './nginx-vhost-step';

const MARKER = /^# Managed by Hearth for account ([a-z][a-z0-9]{2,31}): /;

/** The vhost files Hearth wrote (by their first line), keyed by domain, with their owner. */
async function hearthVhosts(dir: string): Promise<{ domain: string; owner: string }[]> {
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

/** A Hearth vhost whose account the agent does not know (left behind or made by hand). */
export const vhostOrphans: OrphanScanner = {
  kind: 'vhost',
  async scan(ctx, records) {
    if (!ctx.services.web?.config.enabled) return [];
    const known = new Set(records.map((r) => `${r.username} ${r.domain}`));
    return (await hearthVhosts(ctx.services.web.config.nginx.sitesAvailable))
      .filter((v) => !known.has(`${v.owner} ${v.domain}`))
      .map((v) => ({ name: v.domain, detail: `vhost ${v.domain}.conf (marked for ${v.owner}) belongs to no account` }));
  },
  async remove(domain, ctx) {
    if (!ctx.services.web?.config.enabled) return;
    const vhost = (await hearthVhosts(ctx.services.web.config.nginx.sitesAvailable)).find((v) => v.domain === domain);
    if (vhost) await removeVhost({ username: vhost.owner, domain }, ctx, true);
  },
};
