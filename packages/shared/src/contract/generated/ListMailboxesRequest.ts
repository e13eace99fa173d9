// Original file: proto/hearth/agent/v1/mail.proto


export interface ListMailboxesRequest {
  'domain'?: (string);
  'username'?: (string);
}

export interface ListMailboxesRequest__Output {
  'domain': (string);
  'username': (string);
}
