// Original file: proto/hearth/agent/v1/databases.proto

import type { DatabaseInfo as _hearth_agent_v1_DatabaseInfo, DatabaseInfo__Output as _hearth_agent_v1_DatabaseInfo__Output } from './DatabaseInfo';

export interface ListDatabasesResponse {
  'databases'?: (_hearth_agent_v1_DatabaseInfo)[];
}

export interface ListDatabasesResponse__Output {
  'databases': (_hearth_agent_v1_DatabaseInfo__Output)[];
}
