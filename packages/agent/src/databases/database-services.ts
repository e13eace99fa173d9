import type { AgentConfig } from '../config';
import { databasesSettings } from './databases-config';
import { DatabaseAdmin, MariaDbAdmin } from './mariadb-admin';

/**
 * The admin connection pool, or null when databases are disabled. The pool connects
 * lazily, so the agent starts (and serves everything else) while MariaDB is down.
 */
export function buildDatabaseAdmin(config: AgentConfig): DatabaseAdmin | null {
  const settings = databasesSettings(config);
  return settings.enabled ? new MariaDbAdmin(settings) : null;
}
