/** Shapes of the API's answers (docs/openapi.yaml). */
export type Role = 'ADMIN' | 'MASTER' | 'RESALE' | 'CUSTOMER';
export type AccountStatus = 'provisioning' | 'active' | 'suspended' | 'deleting';

export interface Me {
  kind: 'token' | 'session';
  role: Role;
  label: string;
  person_id: number | null;
  reseller_id: number | null;
  customer_id: number | null;
  scopes: string[];
}

export interface Account {
  id: number;
  username: string;
  domain: string;
  email: string;
  status: AccountStatus;
  package_id: number;
  created_at: string;
}

export interface Package {
  id: number;
  name: string;
  php_versions: string[];
  disk_quota_mb: number;
  bandwidth_mb: number;
  max_domains: number;
  max_subdomains: number;
  max_databases: number;
  max_email_accounts: number;
  php_workers: number;
  php_memory_mb: number;
}

export interface Person {
  id: number;
  role: Role;
  login: string;
  name: string;
  email: string | null;
  reseller_id: number | null;
  status: 'active' | 'deleted';
  created_at: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_type: string;
  actor_label: string;
  role: string | null;
  action: string;
  target: string;
  outcome: 'success' | 'denied' | 'failed';
  status: number;
  source_ip: string;
}

export interface Mailbox {
  address: string;
  local_part: string;
  quota_mb: number;
}

export interface Database {
  name: string;
  size_bytes: number;
}

export interface DatabaseUser {
  name: string;
  hosts: string[];
  locked: boolean;
  grants: Array<{ database: string; privileges: string[] }>;
}

export interface DnsRecord {
  id: number;
  name: string;
  type: string;
  content: string;
  ttl: number;
  priority: number | null;
  protected: boolean;
}

export interface TlsStatus {
  domain: string;
  status: 'pending' | 'issued' | 'failed' | 'none';
  source: 'acme' | 'custom' | null;
  names: string[];
  expires_at: string | null;
  last_error: string | null;
  next_attempt_at: string | null;
}

export interface Subaccount {
  username?: string;
  domain?: string;
  full_username?: string;
  services?: Record<string, { enabled?: number | boolean }>;
  [key: string]: unknown;
}
