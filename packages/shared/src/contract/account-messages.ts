/** TypeScript shapes of agent.proto messages (proto-loader with keepCase and defaults). */
export interface PackageLimitsMsg {
  php_version: string;
  php_workers: number;
  php_memory_mb: number;
  disk_quota_mb: number;
}

export interface AccountStateMsg {
  username: string;
  domain: string;
  exists: boolean;
  suspended: boolean;
  uid: number;
  home: string;
  components: string[];
}

export interface CreateAccountRequestMsg {
  operation_id: string;
  username: string;
  domain: string;
  limits: PackageLimitsMsg;
}

export interface AccountRefRequestMsg {
  operation_id: string;
  username: string;
  domain: string;
}

export interface GetOperationResponseMsg {
  operation_id: string;
  state: 'unknown' | 'running' | 'succeeded' | 'failed';
  kind: string;
  error_code: string;
  error_message: string;
}
