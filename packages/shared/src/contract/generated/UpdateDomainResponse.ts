// Original file: proto/hearth/agent/v1/domains.proto

import type { AccountDomain as _hearth_agent_v1_AccountDomain, AccountDomain__Output as _hearth_agent_v1_AccountDomain__Output } from './AccountDomain';

export interface UpdateDomainResponse {
  'domain'?: (_hearth_agent_v1_AccountDomain | null);
}

export interface UpdateDomainResponse__Output {
  'domain': (_hearth_agent_v1_AccountDomain__Output | null);
}
