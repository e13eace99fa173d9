// Original file: proto/hearth/agent/v1/mail.proto


export interface DeleteMailboxRequest {
  'operation_id'?: (string);
  'domain'?: (string);
  'local_part'?: (string);
  'username'?: (string);
}

export interface DeleteMailboxRequest__Output {
  'operation_id': (string);
  'domain': (string);
  'local_part': (string);
  'username': (string);
}
