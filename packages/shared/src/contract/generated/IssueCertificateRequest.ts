// Original file: proto/hearth/agent/v1/tls.proto


export interface IssueCertificateRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
}

export interface IssueCertificateRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
}
