import type { StepContext } from '../operations/step';
import type { DatabaseAdmin } from './mariadb-admin';

/** What the databases module adds to the step context: the MariaDB admin pool, null when off. */
export interface DatabasesParts {
  readonly databases: DatabaseAdmin | null;
}

export type DatabasesContext = StepContext<DatabasesParts>;
