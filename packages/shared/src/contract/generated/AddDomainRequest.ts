// Original file: proto/hearth/agent/v1/domains.proto


export interface AddDomainRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'account_domain'?: (string);
  'domain'?: (string);
  'type'?: (string);
  'document_root'?: (string);
  'target'?: (string);
}

export interface AddDomainRequest__Output {
  'operation_id': (string);
  'username': (string);
  'account_domain': (string);
  'domain': (string);
  'type': (string);
  'document_root': (string);
  'target': (string);
}
