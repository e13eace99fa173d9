// Original file: proto/hearth/agent/v1/subaccounts.proto


export interface ExecuteUserManagerResponse {
  'data_json'?: (string);
  'mail_created'?: (string)[];
  'mail_deleted'?: (string)[];
}

export interface ExecuteUserManagerResponse__Output {
  'data_json': (string);
  'mail_created': (string)[];
  'mail_deleted': (string)[];
}
