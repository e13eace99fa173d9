// Original file: proto/hearth/agent/v1/dns.proto


export interface DeleteDnsRecordResponse {
  'serial'?: (number);
}

export interface DeleteDnsRecordResponse__Output {
  'serial': (number);
}
