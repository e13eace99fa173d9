// Original file: proto/hearth/agent/v1/mail.proto


export interface CreateMailboxRequest {
  'operation_id'?: (string);
  'domain'?: (string);
  'local_part'?: (string);
  'password'?: (string);
  'quota_mb'?: (number);
  'username'?: (string);
}

export interface CreateMailboxRequest__Output {
  'operation_id': (string);
  'domain': (string);
  'local_part': (string);
  'password': (string);
  'quota_mb': (number);
  'username': (string);
}
