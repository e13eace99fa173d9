import type { proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';

/** databases.proto messages, generated from proto/ (proto-loader with keepCase and defaults). */
export type DatabaseGrantMsg = proto.DatabaseGrant__Output;
export type DatabaseInfoMsg = proto.DatabaseInfo__Output;
export type DatabaseUserInfoMsg = proto.DatabaseUserInfo__Output;

/** What the API needs of the agent for customer databases. */
export interface DatabaseAgent {
  createDatabase(req: { operation_id: string; username: string; name: string }): Promise<DatabaseInfoMsg>;
  deleteDatabase(req: { operation_id: string; username: string; name: string }): Promise<void>;
  listDatabases(username: string): Promise<DatabaseInfoMsg[]>;
  createUser(req: { operation_id: string; username: string; name: string; password: string; grants: DatabaseGrantMsg[] }): Promise<DatabaseUserInfoMsg>;
  updateUser(req: {
    operation_id: string; username: string; name: string; password: string; replace_grants: boolean; grants: DatabaseGrantMsg[];
  }): Promise<DatabaseUserInfoMsg>;
  deleteUser(req: { operation_id: string; username: string; name: string }): Promise<void>;
  listUsers(username: string): Promise<DatabaseUserInfoMsg[]>;
}

const SERVICE = 'hearth.agent.v1.DatabaseService';

export class GrpcDatabaseAgent implements DatabaseAgent {
  constructor(private readonly channel: AgentChannel) {}

  async createDatabase(req: { operation_id: string; username: string; name: string }): Promise<DatabaseInfoMsg> {
    return (await this.channel.call<{ database: DatabaseInfoMsg }>(SERVICE, 'CreateDatabase', req)).database;
  }

  async deleteDatabase(req: { operation_id: string; username: string; name: string }): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteDatabase', req);
  }

  async listDatabases(username: string): Promise<DatabaseInfoMsg[]> {
    return (await this.channel.call<{ databases: DatabaseInfoMsg[] }>(SERVICE, 'ListDatabases', { username })).databases;
  }

  async createUser(req: Parameters<DatabaseAgent['createUser']>[0]): Promise<DatabaseUserInfoMsg> {
    return (await this.channel.call<{ user: DatabaseUserInfoMsg }>(SERVICE, 'CreateDatabaseUser', req)).user;
  }

  async updateUser(req: Parameters<DatabaseAgent['updateUser']>[0]): Promise<DatabaseUserInfoMsg> {
    return (await this.channel.call<{ user: DatabaseUserInfoMsg }>(SERVICE, 'UpdateDatabaseUser', req)).user;
  }

  async deleteUser(req: { operation_id: string; username: string; name: string }): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteDatabaseUser', req);
  }

  async listUsers(username: string): Promise<DatabaseUserInfoMsg[]> {
    return (await this.channel.call<{ users: DatabaseUserInfoMsg[] }>(SERVICE, 'ListDatabaseUsers', { username })).users;
  }
}
