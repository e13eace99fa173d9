// Original file: proto/hearth/agent/v1/dns.proto


export interface DnsRecord {
  'id'?: (string);
  'name'?: (string);
  'type'?: (string);
  'content'?: (string);
  'ttl'?: (number);
  'has_priority'?: (boolean);
  'priority'?: (number);
  'protected'?: (boolean);
}

export interface DnsRecord__Output {
  'id': (string);
  'name': (string);
  'type': (string);
  'content': (string);
  'ttl': (number);
  'has_priority': (boolean);
  'priority': (number);
  'protected': (boolean);
}
