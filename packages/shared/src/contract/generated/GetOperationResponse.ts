// Original file: proto/hearth/agent/v1/agent.proto


export interface GetOperationResponse {
  'operation_id'?: (string);
  'state'?: (string);
  'kind'?: (string);
  'error_code'?: (string);
  'error_message'?: (string);
}

export interface GetOperationResponse__Output {
  'operation_id': (string);
  'state': (string);
  'kind': (string);
  'error_code': (string);
  'error_message': (string);
}
