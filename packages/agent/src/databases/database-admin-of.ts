import { DependencyUnavailableError } from '@hearth/shared';

import type { DatabaseAdmin } from './mariadb-admin';
import type { DatabasesContext } from './databases-parts';

/** The admin connection, or UNAVAILABLE when this agent has databases disabled. */
export function databaseAdminOf(ctx: DatabasesContext): DatabaseAdmin {
  const admin = ctx.parts.databases;
  if (!admin) throw new DependencyUnavailableError('MariaDB databases are not enabled on this agent');
  return admin;
}
