import { isValidDomain, isValidUsername } from '@hearth/shared';
import type { OrphanScanner } from '../operations/agent-module';
import type { DnsParts } from './dns-parts';
import { zoneWriterOf } from './dns-zone-step';

/**
 * A zone Hearth wrote (its pdns `domains.account` names a Hearth username) whose account
 * the agent does not know: left behind by a crash or by hand. Zones without an owner, or
 * with an owner that is not a username, were not made by Hearth and are never reported.
 */
export const dnsZoneOrphans: OrphanScanner<DnsParts> = {
  kind: 'dns_zone',
  async scan(ctx, records) {
    const writer = zoneWriterOf(ctx);
    if (!writer) return [];
    const known = new Set(records.map((r) => `${r.username} ${r.domain}`));
    return (await writer.listZones())
      .filter((z) => isValidUsername(z.account) && isValidDomain(z.zone) && !known.has(`${z.account} ${z.zone}`))
      .map((z) => ({ name: z.zone, detail: `DNS zone ${z.zone} (owner ${z.account}) belongs to no account` }));
  },
  async remove(zone, ctx) {
    const writer = zoneWriterOf(ctx);
    if (!writer) return;
    const found = (await writer.listZones()).find((z) => z.zone === zone && isValidUsername(z.account));
    if (found) await writer.deleteZone(found.zone, found.account);
  },
};
