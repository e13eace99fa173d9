// Original file: proto/hearth/agent/v1/domains.proto


export interface RemoveDomainRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'account_domain'?: (string);
  'domain'?: (string);
}

export interface RemoveDomainRequest__Output {
  'operation_id': (string);
  'username': (string);
  'account_domain': (string);
  'domain': (string);
}
