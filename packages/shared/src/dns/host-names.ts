import { isIPv4, isIPv6 } from 'node:net';
import { normaliseDomain } from '../grammar/domain';

/**
 * Names inside a zone may use underscores (_dmarc, _sip._tcp, DKIM selectors) and a
 * leading `*` wildcard label; everything else is letters, digits and inner hyphens.
 * Only [a-z0-9._*-] ever reaches the PowerDNS tables.
 */
const OWNER_LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;
const TARGET_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const MAX_NAME = 253;

/**
 * Lowercase, one trailing dot removed, IDN to punycode. '' when it cannot be converted.
 * Whitespace and control characters make it '' first: WHATWG's domainToASCII silently
 * drops tabs and newlines, which would turn "a\nb" into a different, valid name.
 */
export function normaliseDnsName(value: string): string {
  if (/[\x00-\x20\x7f]/.test(value)) return '';
  return normaliseDomain(value);
}

/** Problem with a record owner name (already normalised), or null. */
export function ownerNameProblem(name: string): string | null {
  if (name.length === 0) return 'is not a valid DNS name';
  if (name.length > MAX_NAME) return 'is too long';
  const labels = name.split('.');
  if (!labels.every((l) => OWNER_LABEL.test(l))) return 'has an empty, over-long or invalid label';
  if (labels.slice(1).includes('*')) return 'may use the * wildcard only as its first label';
  return null;
}

/** Problem with a host name a record points at (CNAME, MX, NS, SRV target), or null. */
export function targetNameProblem(name: string): string | null {
  if (name.length === 0) return 'is not a valid host name';
  if (name.length > MAX_NAME) return 'is too long';
  if (isIPv4(name) || isIPv6(name)) return 'must be a host name, not an IP address';
  const labels = name.split('.');
  if (labels.length < 2) return 'must be a fully qualified host name';
  if (!labels.every((l) => TARGET_LABEL.test(l))) return 'has an empty, over-long or invalid label';
  return null;
}

/** True when `name` is the zone apex or below it. */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}
