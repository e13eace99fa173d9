// Original file: proto/hearth/agent/v1/mail.proto


export interface DeleteMailboxResponse {
}

export interface DeleteMailboxResponse__Output {
}
