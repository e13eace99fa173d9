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
      CreateDatabase: async (req) => ({ database: await ops.createDatabase(req) }),
      DeleteDatabase: async (req) => {
        await ops.deleteDatabase(req);
        return {};
      },
      ListDatabases: async (req) => ({ databases: await ops.listDatabases(req.username) }),
      CreateDatabaseUser: async (req) => ({ user: await ops.createUser(req) }),
      UpdateDatabaseUser: async (req) => ({ user: await ops.updateUser(req) }),
      DeleteDatabaseUser: async (req) => {
        await ops.deleteUser(req);
        return {};
      },
      ListDatabaseUsers: async (req) => ({ users: await ops.listUsers(req.username) }),
    },
  };
}
