import { ConflictError, ValidationError } from '../errors';
import { DnsRecord, DnsRecordInput } from './record-types';

/**
 * Rules that depend on the rest of the zone. Pure: the agent runs them inside the
 * transaction that writes the change, against the rows it has just locked.
 */

/** The message names the problem too: the journal keeps messages, not details. */
function invalidName(problem: string, name: string): ValidationError {
  return new ValidationError(`The DNS record is invalid: ${name} ${problem}`, [{ field: 'name', message: problem }]);
}

/** SOA and the apex NS set belong to Hearth: the zone stops working without them. */
export function isProtectedRecord(zone: string, record: { name: string; type: string }): boolean {
  return record.type === 'SOA' || (record.type === 'NS' && record.name === zone);
}

/**
 * Throws when `candidate` cannot join the zone: a CNAME beside any other data at the
 * same name (RFC 1034 3.6.2), or an exact duplicate. `replacingId` is the record being
 * updated, which is not counted as "other data".
 */
export function assertFitsZone(zone: string, existing: readonly DnsRecord[], candidate: DnsRecordInput, replacingId?: string): void {
  if (candidate.name === zone && candidate.type === 'CNAME') {
    throw invalidName('cannot hold a CNAME: it is the zone apex', candidate.name);
  }
  const others = existing.filter((r) => r.id !== replacingId && r.name === candidate.name);
  if (candidate.type === 'CNAME' && others.length > 0) {
    throw invalidName('already has other records; a CNAME must be the only record at its name', candidate.name);
  }
  if (candidate.type !== 'CNAME' && others.some((r) => r.type === 'CNAME')) {
    throw invalidName('has a CNAME; no other record may share its name', candidate.name);
  }
  const duplicate = others.some(
    (r) => r.type === candidate.type && r.content === candidate.content && (r.priority ?? null) === candidate.priority,
  );
  if (duplicate) throw new ConflictError(`An identical ${candidate.type} record for ${candidate.name} already exists`);
}

/** Throws when the record may not be changed or deleted through the API. */
export function assertChangeable(zone: string, record: { name: string; type: string }): void {
  if (isProtectedRecord(zone, record)) {
    throw new ValidationError(`The ${record.type} record at ${record.name} is managed by Hearth and cannot be changed or deleted`, [
      { field: 'id', message: `${record.type} at the zone apex is managed by Hearth` },
    ]);
  }
}
