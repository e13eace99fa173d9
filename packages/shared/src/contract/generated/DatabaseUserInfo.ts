// Original file: proto/hearth/agent/v1/databases.proto

import type { DatabaseGrant as _hearth_agent_v1_DatabaseGrant, DatabaseGrant__Output as _hearth_agent_v1_DatabaseGrant__Output } from './DatabaseGrant';

export interface DatabaseUserInfo {
  'name'?: (string);
  'hosts'?: (string)[];
  'locked'?: (boolean);
  'grants'?: (_hearth_agent_v1_DatabaseGrant)[];
}

export interface DatabaseUserInfo__Output {
  'name': (string);
  'hosts': (string)[];
  'locked': (boolean);
  'grants': (_hearth_agent_v1_DatabaseGrant__Output)[];
}
