// Original file: proto/hearth/agent/v1/databases.proto


export interface DeleteDatabaseUserResponse {
}

export interface DeleteDatabaseUserResponse__Output {
}
