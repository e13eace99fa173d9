// Original file: proto/hearth/agent/v1/domains.proto


export interface UpdateDomainRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'account_domain'?: (string);
  'domain'?: (string);
  'document_root'?: (string);
}

export interface UpdateDomainRequest__Output {
  'operation_id': (string);
  'username': (string);
  'account_domain': (string);
  'domain': (string);
  'document_root': (string);
}
