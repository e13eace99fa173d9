// Original file: proto/hearth/agent/v1/databases.proto


export interface DeleteDatabaseRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'name'?: (string);
}

export interface DeleteDatabaseRequest__Output {
  'operation_id': (string);
  'username': (string);
  'name': (string);
}
