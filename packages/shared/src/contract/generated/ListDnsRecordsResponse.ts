// Original file: proto/hearth/agent/v1/dns.proto

import type { DnsRecord as _hearth_agent_v1_DnsRecord, DnsRecord__Output as _hearth_agent_v1_DnsRecord__Output } from './DnsRecord';

export interface ListDnsRecordsResponse {
  'records'?: (_hearth_agent_v1_DnsRecord)[];
  'serial'?: (number);
}

export interface ListDnsRecordsResponse__Output {
  'records': (_hearth_agent_v1_DnsRecord__Output)[];
  'serial': (number);
}
