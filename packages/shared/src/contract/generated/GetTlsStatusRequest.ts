// Original file: proto/hearth/agent/v1/tls.proto


export interface GetTlsStatusRequest {
  'username'?: (string);
  'domain'?: (string);
}

export interface GetTlsStatusRequest__Output {
  'username': (string);
  'domain': (string);
}
