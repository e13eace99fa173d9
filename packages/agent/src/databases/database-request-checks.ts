import {
  DB_PRIVILEGES, DbPrivilege, ErrorDetail, ValidationError, dbIdentifierProblem, isDbPrivilege, passwordProblem, usernameProblem,
} from '@hearth/shared';
import type { DatabaseGrantMsg } from './database-messages';
import type { GrantSpec } from './database-steps';

/**
 * The agent's own re-validation of database requests, with the same grammar the API
 * uses. Every name must belong to the account named in the same request.
 */
export const MAX_GRANTS = 64;

export function checkUsername(username: unknown): string {
  const problem = usernameProblem(username);
  if (problem) throw new ValidationError('Invalid account', [{ field: 'username', message: problem }]);
  return username as string;
}

export function checkName(name: unknown, username: string, field = 'name'): string {
  const problem = dbIdentifierProblem(name, username);
  if (problem) throw new ValidationError(`Invalid ${field}`, [{ field, message: problem }]);
  return name as string;
}

export function checkPassword(password: unknown): string {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError('Invalid password', [{ field: 'password', message: problem }]);
  return password as string;
}

/** Validates grants; "ALL" alone stands for every database-level privilege. */
export function checkGrants(grants: DatabaseGrantMsg[] | undefined, username: string): GrantSpec[] {
  const list = grants ?? [];
  if (list.length > MAX_GRANTS) throw new ValidationError('Too many grants', [{ field: 'grants', message: `at most ${MAX_GRANTS}` }]);
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const specs = list.map((g, i) => {
    const dbProblem = dbIdentifierProblem(g?.database, username);
    if (dbProblem) details.push({ field: `grants.${i}.database`, message: dbProblem });
    else if (seen.has(g.database)) details.push({ field: `grants.${i}.database`, message: 'is listed twice' });
    seen.add(g?.database);
    const privileges = g?.privileges ?? [];
    if (!Array.isArray(privileges) || privileges.length === 0 || privileges.length > DB_PRIVILEGES.length || !privileges.every(isDbPrivilege)) {
      details.push({ field: `grants.${i}.privileges`, message: `must be a non-empty list of ${DB_PRIVILEGES.join(', ')}` });
    }
    return { database: g?.database, privileges: [...new Set(privileges)] as DbPrivilege[] };
  });
  if (details.length) throw new ValidationError('Invalid grants', details);
  return specs;
}
