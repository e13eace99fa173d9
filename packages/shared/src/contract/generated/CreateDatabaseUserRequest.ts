// Original file: proto/hearth/agent/v1/databases.proto

import type { DatabaseGrant as _hearth_agent_v1_DatabaseGrant, DatabaseGrant__Output as _hearth_agent_v1_DatabaseGrant__Output } from './DatabaseGrant';

export interface CreateDatabaseUserRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'name'?: (string);
  'password'?: (string);
  'grants'?: (_hearth_agent_v1_DatabaseGrant)[];
}

export interface CreateDatabaseUserRequest__Output {
  'operation_id': (string);
  'username': (string);
  'name': (string);
  'password': (string);
  'grants': (_hearth_agent_v1_DatabaseGrant__Output)[];
}
