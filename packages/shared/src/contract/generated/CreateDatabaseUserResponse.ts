// Original file: proto/hearth/agent/v1/databases.proto

import type { DatabaseUserInfo as _hearth_agent_v1_DatabaseUserInfo, DatabaseUserInfo__Output as _hearth_agent_v1_DatabaseUserInfo__Output } from './DatabaseUserInfo';

export interface CreateDatabaseUserResponse {
  'user'?: (_hearth_agent_v1_DatabaseUserInfo | null);
}

export interface CreateDatabaseUserResponse__Output {
  'user': (_hearth_agent_v1_DatabaseUserInfo__Output | null);
}
