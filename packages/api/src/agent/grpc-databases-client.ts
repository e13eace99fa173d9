import type { proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';
import { present } from './present';

/** databases.proto messages, generated from proto/ (proto-loader with keepCase and defaults). */
export type DatabaseGrantMsg = proto.DatabaseGrant__Output;
export type DatabaseInfoMsg = proto.DatabaseInfo__Output;
export type DatabaseUserInfoMsg = proto.DatabaseUserInfo__Output;

/** What the API needs of the agent for customer databases. */
export interface DatabaseAgent {
  createDatabase(req: proto.CreateDatabaseRequest__Output): Promise<DatabaseInfoMsg>;
  deleteDatabase(req: proto.DeleteDatabaseRequest__Output): Promise<void>;
  listDatabases(username: string): Promise<DatabaseInfoMsg[]>;
  createUser(req: proto.CreateDatabaseUserRequest__Output): Promise<DatabaseUserInfoMsg>;
  updateUser(req: proto.UpdateDatabaseUserRequest__Output): Promise<DatabaseUserInfoMsg>;
  deleteUser(req: proto.DeleteDatabaseUserRequest__Output): Promise<void>;
  listUsers(username: string): Promise<DatabaseUserInfoMsg[]>;
}

const SERVICE = 'hearth.agent.v1.DatabaseService';

export class GrpcDatabaseAgent implements DatabaseAgent {
  constructor(private readonly channel: AgentChannel) {}

  async createDatabase(req: proto.CreateDatabaseRequest__Output): Promise<DatabaseInfoMsg> {
    return present((await this.channel.call<proto.CreateDatabaseResponse__Output>(SERVICE, 'CreateDatabase', req)).database, 'database');
  }

  async deleteDatabase(req: proto.DeleteDatabaseRequest__Output): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteDatabase', req);
  }

  async listDatabases(username: string): Promise<DatabaseInfoMsg[]> {
    return (await this.channel.call<proto.ListDatabasesResponse__Output>(SERVICE, 'ListDatabases', { username })).databases;
  }

  async createUser(req: Parameters<DatabaseAgent['createUser']>[0]): Promise<DatabaseUserInfoMsg> {
    return present((await this.channel.call<proto.CreateDatabaseUserResponse__Output>(SERVICE, 'CreateDatabaseUser', req)).user, 'user');
  }

  async updateUser(req: Parameters<DatabaseAgent['updateUser']>[0]): Promise<DatabaseUserInfoMsg> {
    return present((await this.channel.call<proto.UpdateDatabaseUserResponse__Output>(SERVICE, 'UpdateDatabaseUser', req)).user, 'user');
  }

  async deleteUser(req: proto.DeleteDatabaseUserRequest__Output): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteDatabaseUser', req);
  }

  async listUsers(username: string): Promise<DatabaseUserInfoMsg[]> {
    return (await this.channel.call<proto.ListDatabaseUsersResponse__Output>(SERVICE, 'ListDatabaseUsers', { username })).users;
  }
}
