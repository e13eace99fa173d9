// Original file: proto/hearth/agent/v1/agent.proto


export interface SuspendAccountRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
}

export interface SuspendAccountRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
}
