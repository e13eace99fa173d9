// Original file: proto/hearth/agent/v1/databases.proto

import type { DatabaseUserInfo as _hearth_agent_v1_DatabaseUserInfo, DatabaseUserInfo__Output as _hearth_agent_v1_DatabaseUserInfo__Output } from './DatabaseUserInfo';

export interface ListDatabaseUsersResponse {
  'users'?: (_hearth_agent_v1_DatabaseUserInfo)[];
}

export interface ListDatabaseUsersResponse__Output {
  'users': (_hearth_agent_v1_DatabaseUserInfo__Output)[];
}
