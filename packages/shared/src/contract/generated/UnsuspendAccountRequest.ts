// Original file: proto/hearth/agent/v1/agent.proto


export interface UnsuspendAccountRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
}

export interface UnsuspendAccountRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
}
