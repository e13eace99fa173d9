// Original file: proto/hearth/agent/v1/agent.proto


export interface DeleteAccountResponse {
}

export interface DeleteAccountResponse__Output {
}
