// Original file: proto/hearth/agent/v1/domains.proto


export interface ListDomainsRequest {
  'username'?: (string);
  'account_domain'?: (string);
}

export interface ListDomainsRequest__Output {
  'username': (string);
  'account_domain': (string);
}
