import type { proto } from '@hearth/shared';
import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { ModuleRuntime } from '../operations/agent-module';
import type { DatabasesParts } from './databases-parts';
import { DatabaseOperations } from './database-operations';

/** hearth.agent.v1.DatabaseService (databases.proto): thin adapters over DatabaseOperations. */
export function databasesGrpc({ runner, ctx }: ModuleRuntime<DatabasesParts>): GrpcRegistration {
  const ops = new DatabaseOperations(runner, { ...ctx, log: ctx.parts.log.child({ component: 'databases' }) });
  return {
    service: 'hearth.agent.v1.DatabaseService',
    handlers: {
      CreateDatabase: async (req: proto.CreateDatabaseRequest__Output) => ({ database: await ops.createDatabase(req) }),
      DeleteDatabase: async (req: proto.DeleteDatabaseRequest__Output) => {
        await ops.deleteDatabase(req);
        return {};
      },
      ListDatabases: async (req: proto.ListDatabasesRequest__Output) => ({ databases: await ops.listDatabases(req.username) }),
      CreateDatabaseUser: async (req: proto.CreateDatabaseUserRequest__Output) => ({ user: await ops.createUser(req) }),
      UpdateDatabaseUser: async (req: proto.UpdateDatabaseUserRequest__Output) => ({ user: await ops.updateUser(req) }),
      DeleteDatabaseUser: async (req: proto.DeleteDatabaseUserRequest__Output) => {
        await ops.deleteUser(req);
        return {};
      },
      ListDatabaseUsers: async (req: proto.ListDatabaseUsersRequest__Output) => ({ users: await ops.listUsers(req.username) }),
    },
  };
}
