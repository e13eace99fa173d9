// Original file: proto/hearth/agent/v1/databases.proto


export interface ListDatabaseUsersRequest {
  'username'?: (string);
}

export interface ListDatabaseUsersRequest__Output {
  'username': (string);
}
