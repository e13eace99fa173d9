// Original file: proto/hearth/agent/v1/dns.proto


export interface ListDnsRecordsRequest {
  'username'?: (string);
  'domain'?: (string);
}

export interface ListDnsRecordsRequest__Output {
  'username': (string);
  'domain': (string);
}
