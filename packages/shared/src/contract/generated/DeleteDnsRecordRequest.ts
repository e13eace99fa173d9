// Original file: proto/hearth/agent/v1/dns.proto


export interface DeleteDnsRecordRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
  'record_id'?: (string);
}

export interface DeleteDnsRecordRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
  'record_id': (string);
}
