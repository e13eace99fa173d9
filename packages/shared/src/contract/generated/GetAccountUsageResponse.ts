// Original file: proto/hearth/agent/v1/agent.proto

import type { AccountUsage as _hearth_agent_v1_AccountUsage, AccountUsage__Output as _hearth_agent_v1_AccountUsage__Output } from './AccountUsage';

export interface GetAccountUsageResponse {
  'usage'?: (_hearth_agent_v1_AccountUsage | null);
}

export interface GetAccountUsageResponse__Output {
  'usage': (_hearth_agent_v1_AccountUsage__Output | null);
}
