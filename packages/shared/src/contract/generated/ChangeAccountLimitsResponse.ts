// Original file: proto/hearth/agent/v1/agent.proto

import type { AccountState as _hearth_agent_v1_AccountState, AccountState__Output as _hearth_agent_v1_AccountState__Output } from './AccountState';

export interface ChangeAccountLimitsResponse {
  'account'?: (_hearth_agent_v1_AccountState | null);
}

export interface ChangeAccountLimitsResponse__Output {
  'account': (_hearth_agent_v1_AccountState__Output | null);
}
