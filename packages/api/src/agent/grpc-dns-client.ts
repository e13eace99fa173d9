import type { DnsRecordMsg, ZoneRefMsg } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';

export type { DnsRecordMsg, ZoneRefMsg as ZoneRef };

export interface DnsRecordChange {
  name: string;
  type: string;
  content: string;
  ttl: number;
  priority: number | null;
}

/** What the API needs of the agent for an account's DNS records. */
export interface DnsAgent {
  listRecords(zone: ZoneRefMsg): Promise<{ records: DnsRecordMsg[]; serial: number }>;
  upsertRecord(operationId: string, zone: ZoneRefMsg, record: DnsRecordChange, recordId?: string): Promise<{ record: DnsRecordMsg; serial: number }>;
  deleteRecord(operationId: string, zone: ZoneRefMsg, recordId: string): Promise<{ serial: number }>;
}

const SERVICE = 'hearth.agent.v1.DnsService';

export class GrpcDnsAgent implements DnsAgent {
  constructor(private readonly channel: AgentChannel) {}

  listRecords(zone: ZoneRefMsg): Promise<{ records: DnsRecordMsg[]; serial: number }> {
    return this.channel.call(SERVICE, 'ListDnsRecords', { username: zone.username, domain: zone.domain });
  }

  upsertRecord(operationId: string, zone: ZoneRefMsg, record: DnsRecordChange, recordId = ''): Promise<{ record: DnsRecordMsg; serial: number }> {
    return this.channel.call(SERVICE, 'UpsertDnsRecord', {
      operation_id: operationId, username: zone.username, domain: zone.domain, record_id: recordId,
      name: record.name, type: record.type, content: record.content, ttl: record.ttl,
      has_priority: record.priority !== null, priority: record.priority ?? 0,
    });
  }

  deleteRecord(operationId: string, zone: ZoneRefMsg, recordId: string): Promise<{ serial: number }> {
    return this.channel.call(SERVICE, 'DeleteDnsRecord', {
      operation_id: operationId, username: zone.username, domain: zone.domain, record_id: recordId,
    });
  }
}
