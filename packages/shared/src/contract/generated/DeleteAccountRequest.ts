// Original file: proto/hearth/agent/v1/agent.proto


export interface DeleteAccountRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
}

export interface DeleteAccountRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
}
