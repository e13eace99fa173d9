// Original file: proto/hearth/agent/v1/agent.proto


export interface RemoveOrphanResponse {
}

export interface RemoveOrphanResponse__Output {
}
