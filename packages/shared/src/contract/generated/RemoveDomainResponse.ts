// Original file: proto/hearth/agent/v1/domains.proto


export interface RemoveDomainResponse {
}

export interface RemoveDomainResponse__Output {
}
