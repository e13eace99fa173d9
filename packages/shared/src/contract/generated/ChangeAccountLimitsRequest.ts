// Original file: proto/hearth/agent/v1/agent.proto

import type { PackageLimits as _hearth_agent_v1_PackageLimits, PackageLimits__Output as _hearth_agent_v1_PackageLimits__Output } from './PackageLimits';

export interface ChangeAccountLimitsRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
  'limits'?: (_hearth_agent_v1_PackageLimits | null);
}

export interface ChangeAccountLimitsRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
  'limits': (_hearth_agent_v1_PackageLimits__Output | null);
}
