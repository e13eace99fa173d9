// Original file: proto/hearth/agent/v1/databases.proto

import type { Long } from '@grpc/proto-loader';

export interface DatabaseInfo {
  'name'?: (string);
  'size_bytes'?: (number | string | Long);
}

export interface DatabaseInfo__Output {
  'name': (string);
  'size_bytes': (string);
}
