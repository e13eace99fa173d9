// Original file: proto/hearth/agent/v1/agent.proto


export interface AccountState {
  'username'?: (string);
  'domain'?: (string);
  'exists'?: (boolean);
  'suspended'?: (boolean);
  'uid'?: (number);
  'home'?: (string);
  'components'?: (string)[];
}

export interface AccountState__Output {
  'username': (string);
  'domain': (string);
  'exists': (boolean);
  'suspended': (boolean);
  'uid': (number);
  'home': (string);
  'components': (string)[];
}
