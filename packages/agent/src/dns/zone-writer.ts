import type { DnsRecord, DnsRecordInput } from '@hearth/shared';

/** A zone's records plus its current SOA serial. */
export interface ZoneSnapshot {
  records: DnsRecord[];
  serial: number;
}

/**
 * What the agent needs of the DNS backend. Every method is one transaction: a zone is
 * either fully there or fully absent, and every record change moves the SOA serial.
 * `account` is the Hearth username that owns the zone; a zone owned by someone else is
 * never read, changed or removed through another account.
 */
export interface ZoneWriter {
  /** Creates the default zone. No-op when this account's zone exists; ConflictError when it overlaps another zone. */
  createZone(zone: string, account: string): Promise<void>;
  /** Removes the zone and every row that refers to it. No-op when absent. */
  deleteZone(zone: string, account: string): Promise<void>;
  hasZone(zone: string, account: string): Promise<boolean>;
  /** Every zone in the backend with the account recorded as its owner ('' when none). */
  listZones(): Promise<{ zone: string; account: string }[]>;
  /** NotFoundError when the account has no such zone. */
  listRecords(zone: string, account: string): Promise<ZoneSnapshot>;
  /** Creates (no id) or replaces (id) one record after the zone rules; returns it and the new serial. */
  upsertRecord(zone: string, account: string, record: DnsRecordInput, id?: string): Promise<{ record: DnsRecord; serial: number }>;
  deleteRecord(zone: string, account: string, id: string): Promise<{ serial: number }>;
  close(): Promise<void>;
}
