// Original file: proto/hearth/agent/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface AccountUsage {
  'home_bytes'?: (number | string | Long);
  'mail_bytes'?: (number | string | Long);
  'database_bytes'?: (number | string | Long);
  'database_count'?: (number);
  'bandwidth_bytes'?: (number | string | Long);
  'bandwidth_month'?: (string);
  'measured_at'?: (string);
}

export interface AccountUsage__Output {
  'home_bytes': (string);
  'mail_bytes': (string);
  'database_bytes': (string);
  'database_count': (number);
  'bandwidth_bytes': (string);
  'bandwidth_month': (string);
  'measured_at': (string);
}
