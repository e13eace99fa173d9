// Original file: proto/hearth/agent/v1/subaccounts.proto


export interface ExecuteUserManagerRequest {
  'operation_id'?: (string);
  'account'?: (string);
  'function'?: (string);
  'args'?: ({[key: string]: string});
}

export interface ExecuteUserManagerRequest__Output {
  'operation_id': (string);
  'account': (string);
  'function': (string);
  'args': ({[key: string]: string});
}
