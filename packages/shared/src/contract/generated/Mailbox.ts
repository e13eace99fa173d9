// Original file: proto/hearth/agent/v1/mail.proto


export interface Mailbox {
  'address'?: (string);
  'local_part'?: (string);
  'domain'?: (string);
  'quota_mb'?: (number);
}

export interface Mailbox__Output {
  'address': (string);
  'local_part': (string);
  'domain': (string);
  'quota_mb': (number);
}
