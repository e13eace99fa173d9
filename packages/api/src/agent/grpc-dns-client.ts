import type { AgentChannel } from './agent-channel';

/** A record as dns.proto carries it (proto-loader: keepCase, defaults). */
export interface DnsRecordMsg {
  id: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  has_priority: boolean;
  priority: number;
  protected: boolean;
}

export interface ZoneRef {
  username: string;
  domain: string;
}

export interface DnsRecordChange {
  name: string;
  type: string;
  content: string;
  ttl: number;
  priority: number | null;
}

/** What the API needs of the agent for an account's DNS records. */
export interface DnsAgent {
  listRecords(zone: ZoneRef): Promise<{ records: DnsRecordMsg[]; serial: number }>;
  upsertRecord(operationId: string, zone: ZoneRef, record: DnsRecordChange, recordId?: string): Promise<{ record: DnsRecordMsg; serial: number }>;
  deleteRecord(operationId: string, zone: ZoneRef, recordId: string): Promise<{ serial: number }>;
}

const SERVICE = 'hearth.agent.v1.DnsService';

export class GrpcDnsAgent implements DnsAgent {
  constructor(private readonly channel: AgentChannel) {}

  listRecords(zone: ZoneRef): Promise<{ records: DnsRecordMsg[]; serial: number }> {
    return this.channel.call(SERVICE, 'ListDnsRecords', { username: zone.username, domain: zone.domain });
  }

  upsertRecord(operationId: string, zone: ZoneRef, record: DnsRecordChange, recordId = ''): Promise<{ record: DnsRecordMsg; serial: number }> {
    return this.channel.call(SERVICE, 'UpsertDnsRecord', {
      operation_id: operationId, username: zone.username, domain: zone.domain, record_id: recordId,
      name: record.name, type: record.type, content: record.content, ttl: record.ttl,
      has_priority: record.priority !== null, priority: record.priority ?? 0,
    });
  }

  deleteRecord(operationId: string, zone: ZoneRef, recordId: string): Promise<{ serial: number }> {
    return this.channel.call(SERVICE, 'DeleteDnsRecord', {
      operation_id: operationId, username: zone.username, domain: zone.domain, record_id: recordId,
    });
  }
}
