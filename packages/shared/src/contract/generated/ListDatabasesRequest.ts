// Original file: proto/hearth/agent/v1/databases.proto


export interface ListDatabasesRequest {
  'username'?: (string);
}

export interface ListDatabasesRequest__Output {
  'username': (string);
}
