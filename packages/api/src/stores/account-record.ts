export type AccountStatus = 'provisioning' | 'active' | 'suspended' | 'deleting';

export interface AccountRecord {
  id: number;
  username: string;
  domain: string;
  email: string;
  password_hash: string;
  package_id: number;
  status: AccountStatus;
  operation_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface NewAccount {
  username: string;
  domain: string;
  email: string;
  password_hash: string;
  package_id: number;
  operation_id: string;
}
