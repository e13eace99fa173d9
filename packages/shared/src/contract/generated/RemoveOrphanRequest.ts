// Original file: proto/hearth/agent/v1/agent.proto


export interface RemoveOrphanRequest {
  'operation_id'?: (string);
  'kind'?: (string);
  'name'?: (string);
}

export interface RemoveOrphanRequest__Output {
  'operation_id': (string);
  'kind': (string);
  'name': (string);
}
