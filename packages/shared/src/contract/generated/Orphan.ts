// Original file: proto/hearth/agent/v1/agent.proto


export interface Orphan {
  'kind'?: (string);
  'name'?: (string);
  'detail'?: (string);
}

export interface Orphan__Output {
  'kind': (string);
  'name': (string);
  'detail': (string);
}
