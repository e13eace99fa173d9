// Original file: proto/hearth/agent/v1/agent.proto


export interface HostAccount {
  'username'?: (string);
  'domain'?: (string);
  'suspended'?: (boolean);
  'present'?: (string)[];
  'expected'?: (string)[];
}

export interface HostAccount__Output {
  'username': (string);
  'domain': (string);
  'suspended': (boolean);
  'present': (string)[];
  'expected': (string)[];
}
