import { normaliseRecord } from '@hearth/shared';
import type { DnsRecordInput } from '@hearth/shared';
import type { Step } from '../operations/step';
import { zoneWriterOf } from '../dns/dns-zone-step';
import { dnsSettings } from '../dns/dns-config';
import { mailOf } from '../mail/mail-steps';
import type { DomainContext, DomainParts, DomainSpec } from './domain-spec';

/** An addon domain's (or a stand-alone alias's) own zone with the default records (SOA, NS, A, MX, SPF). */
export const domainZoneStep: Step<DomainSpec, DomainParts> = {
  name: 'domain_dns_zone',
  async apply(spec, ctx) {
    if (spec.entry.hasZone) await zoneWriterOf(ctx)?.createZone(spec.entry.domain, spec.username);
  },
  async undo(spec, ctx) {
    if (spec.entry.hasZone) await zoneWriterOf(ctx)?.deleteZone(spec.entry.domain, spec.username);
  },
};

export const removeDomainZoneStep: Step<DomainSpec, DomainParts> = {
  name: 'remove_domain_dns_zone',
  apply: (spec, ctx) => domainZoneStep.undo(spec, ctx),
  async undo() {},
};

/** The A records (AAAA too with an IPv6) of a name and its www inside one of the account's zones, pointing here. */
function hostRecords(ctx: DomainContext, name: string): DnsRecordInput[] {
  const settings = dnsSettings(ctx.config);
  // The vhost answers www.{name} too, and its certificate names it: both resolve here.
  return [name, `www.${name}`].flatMap((host): DnsRecordInput[] => [
    { name: host, type: 'A', content: settings.serverIpv4, ttl: settings.defaultTtl, priority: null },
    ...(settings.serverIpv6 ? [{ name: host, type: 'AAAA' as const, content: settings.serverIpv6, ttl: settings.defaultTtl, priority: null }] : []),
  ]);
}

/** Removes the records hostRecords wrote (by name, type and content: a record the customer changed stays). */
async function removeHostRecords(spec: DomainSpec, ctx: DomainContext): Promise<void> {
  const writer = zoneWriterOf(ctx);
  if (!writer || !(await writer.hasZone(spec.entry.zone, spec.username))) return;
  const wanted = hostRecords(ctx, spec.entry.domain);
  const { records } = await writer.listRecords(spec.entry.zone, spec.username);
  for (const r of records) {
    if (wanted.some((w) => w.name === r.name && w.type === r.type && w.content === r.content)) await writer.deleteRecord(spec.entry.zone, spec.username, r.id);
  }
}

/**
 * A subdomain's (or an alias's below an owned zone) A record in that zone. Idempotent:
 * a record that is already there is not written twice.
 */
export const domainHostRecordStep: Step<DomainSpec, DomainParts> = {
  name: 'domain_dns_host_record',
  async apply(spec, ctx) {
    const writer = zoneWriterOf(ctx);
    if (spec.entry.hasZone || !writer) return;
    const { records } = await writer.listRecords(spec.entry.zone, spec.username);
    for (const row of hostRecords(ctx, spec.entry.domain)) {
      if (records.some((r) => r.name === row.name && r.type === row.type && r.content === row.content)) continue;
      await writer.upsertRecord(spec.entry.zone, spec.username, normaliseRecord(spec.entry.zone, row));
    }
  },
  async undo(spec, ctx) {
    if (!spec.entry.hasZone) await removeHostRecords(spec, ctx);
  },
};

export const removeDomainHostRecordStep: Step<DomainSpec, DomainParts> = {
  name: 'remove_domain_dns_host_record',
  apply: (spec, ctx) => domainHostRecordStep.undo(spec, ctx),
  async undo() {},
};

/** An addon domain's mail domain: Postfix accepts its mail once mailboxes are made there. */
export const domainMailStep: Step<DomainSpec, DomainParts> = {
  name: 'domain_mail',
  async apply(spec, ctx) {
    if (spec.entry.hasMail) await mailOf(ctx)?.addDomain(spec.entry.domain);
  },
  async undo(spec, ctx) {
    if (spec.entry.hasMail) await mailOf(ctx)?.removeDomain(spec.entry.domain);
  },
};

export const removeDomainMailStep: Step<DomainSpec, DomainParts> = {
  name: 'remove_domain_mail',
  apply: (spec, ctx) => domainMailStep.undo(spec, ctx),
  async undo() {},
};
