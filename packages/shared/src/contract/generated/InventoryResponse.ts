// Original file: proto/hearth/agent/v1/agent.proto

import type { HostAccount as _hearth_agent_v1_HostAccount, HostAccount__Output as _hearth_agent_v1_HostAccount__Output } from './HostAccount';
import type { Orphan as _hearth_agent_v1_Orphan, Orphan__Output as _hearth_agent_v1_Orphan__Output } from './Orphan';

export interface InventoryResponse {
  'accounts'?: (_hearth_agent_v1_HostAccount)[];
  'orphans'?: (_hearth_agent_v1_Orphan)[];
}

export interface InventoryResponse__Output {
  'accounts': (_hearth_agent_v1_HostAccount__Output)[];
  'orphans': (_hearth_agent_v1_Orphan__Output)[];
}
