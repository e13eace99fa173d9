// Original file: proto/hearth/agent/v1/tls.proto


export interface UploadCertificateRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
  'certificate_pem'?: (string);
  'private_key_pem'?: (string);
}

export interface UploadCertificateRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
  'certificate_pem': (string);
  'private_key_pem': (string);
}
