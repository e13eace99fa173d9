// Original file: proto/hearth/agent/v1/databases.proto


export interface DatabaseGrant {
  'database'?: (string);
  'privileges'?: (string)[];
}

export interface DatabaseGrant__Output {
  'database': (string);
  'privileges': (string)[];
}
