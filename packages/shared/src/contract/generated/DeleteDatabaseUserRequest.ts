// Original file: proto/hearth/agent/v1/databases.proto


export interface DeleteDatabaseUserRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'name'?: (string);
}

export interface DeleteDatabaseUserRequest__Output {
  'operation_id': (string);
  'username': (string);
  'name': (string);
}
