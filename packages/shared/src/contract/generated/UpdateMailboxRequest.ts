// Original file: proto/hearth/agent/v1/mail.proto


export interface UpdateMailboxRequest {
  'operation_id'?: (string);
  'domain'?: (string);
  'local_part'?: (string);
  'password'?: (string);
  'set_quota'?: (boolean);
  'quota_mb'?: (number);
  'username'?: (string);
}

export interface UpdateMailboxRequest__Output {
  'operation_id': (string);
  'domain': (string);
  'local_part': (string);
  'password': (string);
  'set_quota': (boolean);
  'quota_mb': (number);
  'username': (string);
}
