import type { DnsSettings } from './dns-config';
import { SOA_TIMERS, firstSerialOf, formatSoa } from './soa-serial';
import { txtToPdns } from './pdns-content';

/** A row of the PowerDNS `records` table, content in PowerDNS form. */
export interface PdnsRow {
  name: string;
  type: string;
  content: string;
  ttl: number;
  prio: number | null;
}

/**
 * What every new zone starts with: SOA, the configured NS set, the apex, www and mail
 * pointing at this server (A, and AAAA when an IPv6 is configured), MX 10 mail.{zone}
 * and an SPF record that allows this server to send the domain's mail.
 */
export function defaultZoneRows(zone: string, settings: DnsSettings, now: Date): PdnsRow[] {
  const ttl = settings.defaultTtl;
  const row = (name: string, type: string, content: string, prio: number | null = null): PdnsRow => ({ name, type, content, ttl, prio });
  const soa = formatSoa({ primary: settings.primaryNameserver, hostmaster: settings.hostmaster, serial: firstSerialOf(now), ...SOA_TIMERS });
  const hosts = [zone, `www.${zone}`, `mail.${zone}`];
  return [
    row(zone, 'SOA', soa),
    ...settings.nameservers.map((ns) => row(zone, 'NS', ns)),
    ...hosts.map((h) => row(h, 'A', settings.serverIpv4)),
    ...(settings.serverIpv6 ? hosts.map((h) => row(h, 'AAAA', settings.serverIpv6)) : []),
    row(zone, 'MX', `mail.${zone}`, 10),
    row(zone, 'TXT', txtToPdns('v=spf1 a mx ~all')),
  ];
}
