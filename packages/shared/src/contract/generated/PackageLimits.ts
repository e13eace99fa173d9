// Original file: proto/hearth/agent/v1/agent.proto


export interface PackageLimits {
  'php_version'?: (string);
  'php_workers'?: (number);
  'php_memory_mb'?: (number);
  'disk_quota_mb'?: (number);
}

export interface PackageLimits__Output {
  'php_version': (string);
  'php_workers': (number);
  'php_memory_mb': (number);
  'disk_quota_mb': (number);
}
