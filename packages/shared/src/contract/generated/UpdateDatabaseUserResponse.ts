// Original file: proto/hearth/agent/v1/databases.proto

import type { DatabaseUserInfo as _hearth_agent_v1_DatabaseUserInfo, DatabaseUserInfo__Output as _hearth_agent_v1_DatabaseUserInfo__Output } from './DatabaseUserInfo';

export interface UpdateDatabaseUserResponse {
  'user'?: (_hearth_agent_v1_DatabaseUserInfo | null);
}

export interface UpdateDatabaseUserResponse__Output {
  'user': (_hearth_agent_v1_DatabaseUserInfo__Output | null);
}
