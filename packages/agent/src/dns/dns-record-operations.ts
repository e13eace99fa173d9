import { DnsRecord, ValidationError, normaliseRecord } from '@hearth/shared';
import type { DnsRecordMsg, ZoneRefMsg, proto } from '@hearth/shared';
import type { OperationDef, OperationRunner } from '../operations/operation-runner';
import type { Step } from '../operations/step';
import { checkOperationId, checkRef } from '../operations/request-checks';
import { requireZoneWriter } from './dns-zone-step';
import { requireAccountZoneDomain as requireAccountDomain } from '../operations/account-ownership';
import type { ZoneSnapshot } from './zone-writer';
import type { DnsContext, DnsParts } from './dns-parts';

export type { DnsRecordMsg, ZoneRefMsg };
export type UpsertDnsRecordMsg = proto.UpsertDnsRecordRequest__Output;
export type DeleteDnsRecordMsg = proto.DeleteDnsRecordRequest__Output;

export function toRecordMsg(r: DnsRecord): DnsRecordMsg {
  return {
    id: r.id, name: r.name, type: r.type, content: r.content, ttl: r.ttl,
    has_priority: r.priority !== null, priority: r.priority ?? 0, protected: r.protected,
  };
}

function checkZoneRef(msg: ZoneRefMsg): ZoneRefMsg {
  return checkRef(msg.username, msg.domain);
}

function checkRecordId(id: string): string {
  if (!/^[1-9][0-9]{0,18}$/.test(id)) throw new ValidationError('record_id is invalid', [{ field: 'record_id', message: 'must be a record id' }]);
  return id;
}

/** Journal input of a record change: already re-validated, no secrets. */
interface RecordChange {
  zone: ZoneRefMsg;
  id?: string;
  record?: ReturnType<typeof normaliseRecord>;
}

/**
 * One-step operations: the step is a single pdns transaction, so a failure leaves
 * nothing to undo. They go through the runner for the journal and the operation_id
 * replay guarantee (a retried request changes nothing and gets the recorded answer).
 */
function singleStep(kind: string, step: Step<RecordChange, DnsParts>): OperationDef<RecordChange> {
  return { kind, recovery: 'rollback', steps: [step] };
}

export class DnsRecordOperations {
  constructor(private readonly runner: OperationRunner, private readonly ctx: DnsContext) {}

  async list(msg: ZoneRefMsg): Promise<{ records: DnsRecordMsg[]; serial: number }> {
    const zone = checkZoneRef(msg);
    await requireAccountDomain(this.ctx, zone.username, zone.domain);
    const snapshot: ZoneSnapshot = await requireZoneWriter(this.ctx).listRecords(zone.domain, zone.username);
    return { records: snapshot.records.map(toRecordMsg), serial: snapshot.serial };
  }

  async upsert(msg: UpsertDnsRecordMsg): Promise<{ record: DnsRecordMsg; serial: number }> {
    checkOperationId(msg.operation_id);
    const zone = checkZoneRef(msg);
    const id = msg.record_id ? checkRecordId(msg.record_id) : undefined;
    const record = normaliseRecord(zone.domain, {
      name: msg.name, type: msg.type, content: msg.content, ttl: msg.ttl, priority: msg.has_priority ? msg.priority : null,
    });
    const writer = requireZoneWriter(this.ctx);
    let outcome: { record: DnsRecordMsg; serial: number } | undefined;
    const step: Step<RecordChange, DnsParts> = {
      name: 'write_dns_record',
      async apply(input) {
        const done = await writer.upsertRecord(input.zone.domain, input.zone.username, input.record!, input.id);
        outcome = { record: toRecordMsg(done.record), serial: done.serial };
      },
      async undo() {},
    };
    // The account lock: a record change never interleaves with the account's delete.
    return this.ctx.parts.accountLocks.run(zone.username, async () => {
      if (!(await this.runner.has(msg.operation_id))) await requireAccountDomain(this.ctx, zone.username, zone.domain);
      return this.runner.run(msg.operation_id, singleStep('upsert_dns_record', step), { zone, id, record }, async () => outcome!);
    });
  }

  async delete(msg: DeleteDnsRecordMsg): Promise<{ serial: number }> {
    checkOperationId(msg.operation_id);
    const zone = checkZoneRef(msg);
    const id = checkRecordId(msg.record_id);
    const writer = requireZoneWriter(this.ctx);
    let outcome: { serial: number } | undefined;
    const step: Step<RecordChange, DnsParts> = {
      name: 'delete_dns_record',
      async apply(input) {
        outcome = await writer.deleteRecord(input.zone.domain, input.zone.username, input.id!);
      },
      async undo() {},
    };
    return this.ctx.parts.accountLocks.run(zone.username, async () => {
      if (!(await this.runner.has(msg.operation_id))) await requireAccountDomain(this.ctx, zone.username, zone.domain);
      return this.runner.run(msg.operation_id, singleStep('delete_dns_record', step), { zone, id }, async () => outcome!);
    });
  }
}

/**
 * Recovery definitions (start-up looks operations up by kind): a record change
 * interrupted by a crash is marked failed; MariaDB rolled its transaction back.
 * Typed `never` because recovery never applies them; it only undoes (a no-op).
 */
export const DNS_RECORD_OPERATIONS: OperationDef<never>[] = [
  singleStep('upsert_dns_record', { name: 'write_dns_record', apply: async () => undefined, undo: async () => undefined }),
  singleStep('delete_dns_record', { name: 'delete_dns_record', apply: async () => undefined, undo: async () => undefined }),
];
