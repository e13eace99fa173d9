// Original file: proto/hearth/agent/v1/dns.proto


export interface UpsertDnsRecordRequest {
  'operation_id'?: (string);
  'username'?: (string);
  'domain'?: (string);
  'record_id'?: (string);
  'name'?: (string);
  'type'?: (string);
  'content'?: (string);
  'ttl'?: (number);
  'has_priority'?: (boolean);
  'priority'?: (number);
}

export interface UpsertDnsRecordRequest__Output {
  'operation_id': (string);
  'username': (string);
  'domain': (string);
  'record_id': (string);
  'name': (string);
  'type': (string);
  'content': (string);
  'ttl': (number);
  'has_priority': (boolean);
  'priority': (number);
}
