import { DependencyUnavailableError } from '@hearth/shared';
import type { StepContext } from '../operations/step';
import type { DatabaseAdmin } from './mariadb-admin';

/** The admin connection, or UNAVAILABLE when this agent has databases disabled. */
export function databaseAdminOf(ctx: StepContext): DatabaseAdmin {
  const admin = ctx.services.databases;
  if (!admin) throw new DependencyUnavailableError('MariaDB databases are not enabled on this agent');
  return admin;
}
