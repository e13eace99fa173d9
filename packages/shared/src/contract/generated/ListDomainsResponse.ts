// Original file: proto/hearth/agent/v1/domains.proto

import type { AccountDomain as _hearth_agent_v1_AccountDomain, AccountDomain__Output as _hearth_agent_v1_AccountDomain__Output } from './AccountDomain';

export interface ListDomainsResponse {
  'domains'?: (_hearth_agent_v1_AccountDomain)[];
}

export interface ListDomainsResponse__Output {
  'domains': (_hearth_agent_v1_AccountDomain__Output)[];
}
