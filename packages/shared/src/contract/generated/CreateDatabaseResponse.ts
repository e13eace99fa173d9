// Original file: proto/hearth/agent/v1/databases.proto

import type { DatabaseInfo as _hearth_agent_v1_DatabaseInfo, DatabaseInfo__Output as _hearth_agent_v1_DatabaseInfo__Output } from './DatabaseInfo';

export interface CreateDatabaseResponse {
  'database'?: (_hearth_agent_v1_DatabaseInfo | null);
}

export interface CreateDatabaseResponse__Output {
  'database': (_hearth_agent_v1_DatabaseInfo__Output | null);
}
