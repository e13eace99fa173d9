// Original file: proto/hearth/agent/v1/agent.proto


export interface GetAccountUsageRequest {
  'username'?: (string);
  'domain'?: (string);
  'max_age_seconds'?: (number);
}

export interface GetAccountUsageRequest__Output {
  'username': (string);
  'domain': (string);
  'max_age_seconds': (number);
}
