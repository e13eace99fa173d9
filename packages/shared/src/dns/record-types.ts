/** The record types customers may manage through the API. SOA is always Hearth's. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export const DNS_TTL_MIN = 60;
export const DNS_TTL_MAX = 86400;
export const DNS_DEFAULT_TTL = 3600;

/** Types whose records carry a priority (stored in PowerDNS's `prio` column). */
export const PRIORITY_TYPES: ReadonlySet<string> = new Set(['MX', 'SRV']);

/**
 * A record as the API and the agent exchange it. `name` is fully qualified without the
 * trailing dot; `content` is presentation text without the priority (TXT: the plain
 * text, unquoted). `priority` is null for every type but MX and SRV.
 */
export interface DnsRecordInput {
  name: string;
  type: DnsRecordType;
  content: string;
  ttl: number;
  priority: number | null;
}

export interface DnsRecord {
  id: string;
  name: string;
  /** Any type PowerDNS holds, SOA included. */
  type: string;
  content: string;
  ttl: number;
  priority: number | null;
  /** SOA and apex NS: managed by Hearth, neither changed nor deleted through the API. */
  protected: boolean;
}

export function isDnsRecordType(value: unknown): value is DnsRecordType {
  return typeof value === 'string' && (DNS_RECORD_TYPES as readonly string[]).includes(value);
}
