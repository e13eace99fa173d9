// Original file: proto/hearth/agent/v1/databases.proto


export interface CreateDatabaseRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'name'?: (string);
}

export interface CreateDatabaseRequest__Output {
  'operation_id': (string);
  'username': (string);
  'name': (string);
}
