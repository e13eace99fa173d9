import { DependencyUnavailableError } from '@hearth/shared';
import type { AccountSpec, Step } from '../operations/step';
import type { ComponentProbe } from '../operations/agent-module';
import type { ZoneWriter } from './zone-writer';
import type { DnsContext, DnsParts } from './dns-parts';

/** The zone writer, or null when DNS is disabled in the agent's config. */
export function zoneWriterOf(ctx: DnsContext): ZoneWriter | null {
  return ctx.parts.dns ?? null;
}

export function requireZoneWriter(ctx: DnsContext): ZoneWriter {
  const writer = zoneWriterOf(ctx);
  if (!writer) throw new DependencyUnavailableError('DNS is not enabled on this server');
  return writer;
}

/**
 * Create: writes the account's default zone (one transaction). Undo removes it, but only
 * if it is this account's: a zone that made the create fail with a conflict belongs to
 * someone else and is left alone. If the pdns database is down the step throws
 * DependencyUnavailableError and the runner rolls the whole account back.
 */
export const dnsZoneStep: Step<AccountSpec, DnsParts> = {
  name: 'dns_zone',
  async apply(spec, ctx) {
    await zoneWriterOf(ctx)?.createZone(spec.domain, spec.username);
  },
  async undo(spec, ctx) {
    await zoneWriterOf(ctx)?.deleteZone(spec.domain, spec.username);
  },
};

/** Delete: removes the zone and all its rows in one transaction. Rolled forward, never back. */
export const removeDnsZoneStep: Step<AccountSpec, DnsParts> = {
  name: 'remove_dns_zone',
  async apply(spec, ctx) {
    await zoneWriterOf(ctx)?.deleteZone(spec.domain, spec.username);
  },
  async undo() {},
};

export const dnsZoneProbe: ComponentProbe<DnsParts> = Object.assign(
  async (account: { username: string; domain: string }, ctx: DnsContext) =>
    (await zoneWriterOf(ctx)?.hasZone(account.domain, account.username).catch(() => false)) ?? false,
  { component: 'dns_zone' },
);
