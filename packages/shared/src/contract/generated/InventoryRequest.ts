// Original file: proto/hearth/agent/v1/agent.proto


export interface InventoryRequest {
}

export interface InventoryRequest__Output {
}
