// Original file: proto/hearth/agent/v1/dns.proto

import type { DnsRecord as _hearth_agent_v1_DnsRecord, DnsRecord__Output as _hearth_agent_v1_DnsRecord__Output } from './DnsRecord';

export interface UpsertDnsRecordResponse {
  'record'?: (_hearth_agent_v1_DnsRecord | null);
  'serial'?: (number);
}

export interface UpsertDnsRecordResponse__Output {
  'record': (_hearth_agent_v1_DnsRecord__Output | null);
  'serial': (number);
}
