import { randomUUID } from 'node:crypto';
import { NotFoundError, normaliseRecord } from '@hearth/shared';
import type { DnsAgent, DnsRecordMsg, ZoneRef } from '../agent/grpc-dns-client';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { LicenseService } from './license-service';
import { accountFor } from './account-access';

export interface DnsRecordView {
  id: number;
  name: string;
  type: string;
  content: string;
  ttl: number;
  priority: number | null;
  /** SOA and apex NS: managed by Hearth, cannot be changed or deleted. */
  protected: boolean;
}

export function toRecordView(msg: DnsRecordMsg): DnsRecordView {
  return {
    id: Number(msg.id), name: msg.name, type: msg.type, content: msg.content, ttl: msg.ttl,
    priority: msg.has_priority ? msg.priority : null, protected: msg.protected,
  };
}

/** Record ids in paths are positive integers; anything else names nothing (404). */
function recordIdParam(value: string | string[] | undefined): string {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,15}$/.test(value)) throw new NotFoundError('No such DNS record');
  return value;
}

/**
 * The records of an account's zone. The body is validated here with the same rules the
 * agent applies again (422 before anything is sent); the rules that need the rest of the
 * zone (CNAME beside other data, duplicates, protected records) are the agent's, inside
 * the transaction that writes the change. The panel keeps no copy of the records:
 * PowerDNS's tables are the one source of truth.
 */
export class DnsRecordService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly agent: DnsAgent,
    private readonly license: LicenseService,
  ) {}

  private async zoneOf(accountId: number, writing: boolean): Promise<ZoneRef> {
    const row = await accountFor(this.accounts, accountId, writing ? 'naming' : null);
    return { username: row.username, domain: row.domain };
  }

  async list(accountId: number): Promise<{ data: DnsRecordView[]; meta: { serial: number; total: number } }> {
    const zone = await this.zoneOf(accountId, false);
    const { records, serial } = await this.agent.listRecords(zone);
    return { data: records.map(toRecordView), meta: { serial, total: records.length } };
  }

  async create(accountId: number, body: unknown): Promise<{ data: DnsRecordView; meta: { serial: number } }> {
    this.license.assertWritable();
    const zone = await this.zoneOf(accountId, true);
    const record = normaliseRecord(zone.domain, body);
    const done = await this.agent.upsertRecord(randomUUID(), zone, record);
    return { data: toRecordView(done.record), meta: { serial: done.serial } };
  }

  async update(accountId: number, recordId: string | string[] | undefined, body: unknown): Promise<{ data: DnsRecordView; meta: { serial: number } }> {
    this.license.assertWritable();
    const id = recordIdParam(recordId);
    const zone = await this.zoneOf(accountId, true);
    const record = normaliseRecord(zone.domain, body);
    const done = await this.agent.upsertRecord(randomUUID(), zone, record, id);
    return { data: toRecordView(done.record), meta: { serial: done.serial } };
  }

  async delete(accountId: number, recordId: string | string[] | undefined): Promise<{ serial: number }> {
    this.license.assertWritable();
    const id = recordIdParam(recordId);
    const zone = await this.zoneOf(accountId, true);
    return this.agent.deleteRecord(randomUUID(), zone, id);
  }
}
