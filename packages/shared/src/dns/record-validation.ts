import { isIPv4, isIPv6 } from 'node:net';
import { ErrorDetail, ValidationError } from '../errors';
import {
  DNS_DEFAULT_TTL, DNS_RECORD_TYPES, DNS_TTL_MAX, DNS_TTL_MIN, DnsRecordInput, DnsRecordType, PRIORITY_TYPES, isDnsRecordType,
} from './record-types';
import { isInZone, normaliseDnsName, ownerNameProblem, targetNameProblem } from './host-names';

/**
 * Per-type validation of one record, the same code in the API (422 before anything
 * happens) and in the agent (INVALID_ARGUMENT before the PowerDNS tables are touched).
 * It checks the record on its own and against its zone's apex; rules that need the
 * zone's other records (CNAME beside other data, duplicates) are in zone-rules.ts.
 */

const MAX_TXT = 4000;
const CAA_TAGS = new Set(['issue', 'issuewild', 'iodef']);
/** Printable ASCII without `"` and `\`: nothing that can break out of a quoted string. */
const SAFE_QUOTED = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

type Check = { content: string } | { problem: string };

function targetContent(value: string, allowRoot = false): Check {
  if (allowRoot && value === '.') return { content: '.' };
  const name = normaliseDnsName(value);
  const problem = targetNameProblem(name);
  return problem ? { problem } : { content: name };
}

function u16(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/** Canonical IPv6 text (lowercase, compressed) so duplicates are detected. */
function canonicalIPv6(value: string): string {
  return new URL(`http://[${value}]/`).hostname.slice(1, -1);
}

const CONTENT_CHECKS: Record<DnsRecordType, (value: string) => Check> = {
  A: (v) => (isIPv4(v) ? { content: v } : { problem: 'must be an IPv4 address like 192.0.2.10' }),
  AAAA: (v) => (isIPv6(v) && !v.includes('%') ? { content: canonicalIPv6(v) } : { problem: 'must be an IPv6 address like 2001:db8::10' }),
  CNAME: (v) => targetContent(v),
  MX: (v) => targetContent(v),
  NS: (v) => targetContent(v),
  TXT: (v) => {
    if (v.length === 0) return { problem: 'must not be empty' };
    if (v.length > MAX_TXT) return { problem: `must be at most ${MAX_TXT} characters` };
    if (!/^[\x20-\x7e]+$/.test(v)) return { problem: 'may contain only printable ASCII characters' };
    return { content: v };
  },
  SRV: (v) => {
    const parts = v.trim().split(/\s+/);
    if (parts.length !== 3) return { problem: 'must be "weight port target", e.g. "5 5060 sip.example.com"' };
    const [weight, port] = [u16(parts[0]), u16(parts[1])];
    if (weight === null) return { problem: 'has a weight outside 0-65535' };
    if (port === null) return { problem: 'has a port outside 0-65535' };
    const target = targetContent(parts[2], true);
    if ('problem' in target) return { problem: `has a target that ${target.problem}` };
    return { content: `${weight} ${port} ${target.content}` };
  },
  CAA: (v) => {
    const m = /^\s*(\d{1,3})\s+([A-Za-z0-9]{1,15})\s+"(.*)"\s*$/.exec(v);
    if (!m) return { problem: 'must be "flags tag \\"value\\"", e.g. 0 issue "letsencrypt.org"' };
    const flags = Number(m[1]);
    const tag = m[2].toLowerCase();
    if (flags > 255) return { problem: 'has flags outside 0-255' };
    if (!CAA_TAGS.has(tag)) return { problem: 'has a tag other than issue, issuewild or iodef' };
    if (m[3].length > 255 || !SAFE_QUOTED.test(m[3])) return { problem: 'has a value with quotes, backslashes or non-printable characters' };
    return { content: `${flags} ${tag} "${m[3]}"` };
  },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Returns the record in canonical form (fully qualified lowercase name, normalised
 * content, default TTL 3600) or throws ValidationError naming every bad field.
 * `name` may be "@" for the apex; otherwise it must be the apex or a name below it.
 */
export function normaliseRecord(zone: string, raw: unknown): DnsRecordInput {
  if (!isPlainObject(raw)) throw new ValidationError('A DNS record must be a JSON object');
  const details: ErrorDetail[] = [];
  const known = new Set(['name', 'type', 'content', 'ttl', 'priority']);
  for (const key of Object.keys(raw)) if (!known.has(key)) details.push({ field: key, message: 'is not an accepted field' });

  const type = raw.type;
  if (!isDnsRecordType(type)) details.push({ field: 'type', message: `must be one of ${DNS_RECORD_TYPES.join(', ')}` });

  let name = '';
  if (typeof raw.name !== 'string') details.push({ field: 'name', message: 'must be a string' });
  else {
    name = raw.name === '@' ? zone : normaliseDnsName(raw.name);
    const problem = ownerNameProblem(name);
    if (problem) details.push({ field: 'name', message: problem });
    else if (!isInZone(name, zone)) details.push({ field: 'name', message: `must be ${zone} or a name below it` });
    else if (type === 'CNAME' && name === zone) details.push({ field: 'name', message: 'cannot hold a CNAME: it is the zone apex' });
    else if (type === 'NS' && name === zone) details.push({ field: 'name', message: 'apex NS records are managed by Hearth' });
  }

  const ttl = raw.ttl ?? DNS_DEFAULT_TTL;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < DNS_TTL_MIN || ttl > DNS_TTL_MAX) {
    details.push({ field: 'ttl', message: `must be an integer from ${DNS_TTL_MIN} to ${DNS_TTL_MAX}` });
  }

  let priority: number | null = null;
  const wantsPriority = typeof type === 'string' && PRIORITY_TYPES.has(type);
  if (wantsPriority) {
    const p = raw.priority;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 65535) {
      details.push({ field: 'priority', message: `is required for ${String(type)}: an integer from 0 to 65535` });
    } else priority = p;
  } else if (raw.priority !== undefined && raw.priority !== null) {
    details.push({ field: 'priority', message: 'is only accepted for MX and SRV records' });
  }

  let content = '';
  if (typeof raw.content !== 'string') details.push({ field: 'content', message: 'must be a string' });
  else if (isDnsRecordType(type)) {
    const check = CONTENT_CHECKS[type](raw.content);
    if ('problem' in check) details.push({ field: 'content', message: `${type} content ${check.problem}` });
    else content = check.content;
  }

  if (details.length > 0) throw new ValidationError('The DNS record is invalid', details);
  return { name, type: type as DnsRecordType, content, ttl: ttl as number, priority };
}
