// Original file: proto/hearth/agent/v1/agent.proto


export interface GetOperationRequest {
  'operation_id'?: (string);
}

export interface GetOperationRequest__Output {
  'operation_id': (string);
}
