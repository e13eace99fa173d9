/** TypeScript shapes of databases.proto messages (proto-loader with keepCase and defaults). */
export interface DatabaseGrantMsg {
  database: string;
  privileges: string[];
}

export interface DatabaseInfoMsg {
  name: string;
  size_bytes: number | string;
}

export interface DatabaseUserInfoMsg {
  name: string;
  hosts: string[];
  locked: boolean;
  grants: DatabaseGrantMsg[];
}

export interface DatabaseRefRequestMsg {
  operation_id: string;
  username: string;
  name: string;
}

export interface CreateDatabaseUserRequestMsg extends DatabaseRefRequestMsg {
  password: string;
  grants: DatabaseGrantMsg[];
}

export interface UpdateDatabaseUserRequestMsg extends DatabaseRefRequestMsg {
  password: string;
  replace_grants: boolean;
  grants: DatabaseGrantMsg[];
}
