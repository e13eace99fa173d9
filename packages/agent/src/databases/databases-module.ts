import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { DatabasesConfig } from './databases-config';
import type { DatabasesParts } from './databases-parts';
import { MariaDbAdmin } from './mariadb-admin';
import { databasePrefixFreeStep, dropAccountDatabasesStep, lockDatabaseUsersStep, unlockDatabaseUsersStep } from './account-database-steps';
import { DATABASE_OPERATIONS } from './database-operation-defs';
import { databasesGrpc } from './databases-grpc';

export const databasesSteps = { databasePrefixFreeStep, dropAccountDatabasesStep, lockDatabaseUsersStep, unlockDatabaseUsersStep };

/**
 * Customer MariaDB databases and users. The admin pool connects lazily, so the agent
 * starts (and serves everything else) while MariaDB is down. No probe: an account without
 * databases is complete.
 */
export function createDatabasesModule(settings: DatabasesConfig, _core: ModuleCore): AgentModule<DatabasesParts, DatabasesParts, typeof databasesSteps> {
  const databases = settings.enabled ? new MariaDbAdmin(settings) : null;
  return {
    name: 'databases',
    parts: { databases },
    steps: databasesSteps,
    operations: DATABASE_OPERATIONS,
    probes: [],
    orphanScanners: [],
    grpc: databasesGrpc,
    start() {},
    async close() {
      await databases?.close();
    },
  };
}
