// Original file: proto/hearth/agent/v1/domains.proto


export interface AccountDomain {
  'domain'?: (string);
  'type'?: (string);
  'document_root'?: (string);
  'target'?: (string);
  'has_zone'?: (boolean);
  'has_mail'?: (boolean);
}

export interface AccountDomain__Output {
  'domain': (string);
  'type': (string);
  'document_root': (string);
  'target': (string);
  'has_zone': (boolean);
  'has_mail': (boolean);
}
