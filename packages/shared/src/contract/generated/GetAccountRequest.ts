// Original file: proto/hearth/agent/v1/agent.proto


export interface GetAccountRequest {
  'username'?: (string);
  'domain'?: (string);
}

export interface GetAccountRequest__Output {
  'username': (string);
  'domain': (string);
}
