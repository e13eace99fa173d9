// Original file: proto/hearth/agent/v1/tls.proto


export interface TlsStatus {
  'domain'?: (string);
  'state'?: (string);
  'source'?: (string);
  'names'?: (string)[];
  'serial'?: (string);
  'not_before'?: (string);
  'not_after'?: (string);
  'last_error'?: (string);
  'last_attempt_at'?: (string);
  'next_attempt_at'?: (string);
  'failures'?: (number);
}

export interface TlsStatus__Output {
  'domain': (string);
  'state': (string);
  'source': (string);
  'names': (string)[];
  'serial': (string);
  'not_before': (string);
  'not_after': (string);
  'last_error': (string);
  'last_attempt_at': (string);
  'next_attempt_at': (string);
  'failures': (number);
}
