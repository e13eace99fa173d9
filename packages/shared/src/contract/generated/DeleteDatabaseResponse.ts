// Original file: proto/hearth/agent/v1/databases.proto


export interface DeleteDatabaseResponse {
}

export interface DeleteDatabaseResponse__Output {
}
