import type { AgentDeps, ServiceRegistration } from '../grpc/registration';
import { DatabaseOperations } from './database-operations';

/** hearth.agent.v1.DatabaseService (databases.proto): thin adapters over DatabaseOperations. */
export function databaseService(deps: AgentDeps): ServiceRegistration {
  const ops = new DatabaseOperations(deps.runner, { config: deps.config, services: deps.services, log: deps.services.log.child({ component: 'databases' }) });
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
