import { USERNAME_PATTERN } from './username';

/**
 * Names of customer MariaDB databases and database users: `{username}_{suffix}`.
 *
 * Why this cannot collide across accounts: account usernames never contain `_`
 * (see username.ts), so the owner of a name is exactly the text before its first `_`.
 * `bob_shop` belongs to `bob`; `bobx_shop` belongs to `bobx`; no name can belong to both.
 * The suffix may therefore contain `_`, but not at its start or end, so the separator
 * stays visible (`bob__x`, `bob_x_` are refused as confusing, not as dangerous).
 *
 * Length: MariaDB limits database names to 64 characters and user names to 80 (10.6+).
 * We use 64 for both, so a database and "its" user can share the same name and the
 * rule stays one rule; the shortest account prefix (3+1) still leaves 60 for the suffix.
 *
 * The alphabet [a-z0-9_] also means the on-disk directory name equals the identifier
 * (no @-encoding) and that lower_case_table_names can never fold two names into one.
 */
export const DB_IDENTIFIER_MAX = 64;
const SUFFIX = /^[a-z0-9](?:[a-z0-9_]*[a-z0-9])?$/;

/** Why `value` is not a valid database / database-user name for `username`, or null. */
export function dbIdentifierProblem(value: unknown, username?: string): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > DB_IDENTIFIER_MAX) return `must be at most ${DB_IDENTIFIER_MAX} characters`;
  const sep = value.indexOf('_');
  if (sep < 0) return 'must be "{username}_{name}"';
  const owner = value.slice(0, sep);
  const suffix = value.slice(sep + 1);
  if (username !== undefined && owner !== username) return `must start with "${username}_"`;
  if (!USERNAME_PATTERN.test(owner)) return 'must start with an account username followed by "_"';
  if (!SUFFIX.test(suffix)) {
    return 'after the "_" may contain only lowercase letters, digits and inner underscores';
  }
  return null;
}

export function isValidDbIdentifier(value: unknown, username?: string): value is string {
  return dbIdentifierProblem(value, username) === null;
}

/** The account a valid database / database-user name belongs to (text before the first `_`). */
export function dbIdentifierOwner(name: string): string | null {
  const sep = name.indexOf('_');
  return sep > 0 ? name.slice(0, sep) : null;
}

/**
 * Quotes an identifier with backticks (a doubled backtick is a literal one). Valid Hearth
 * names never contain a backtick; doubling is still done so the function is correct for
 * any input. NUL and empty/over-long names are refused outright.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.length > DB_IDENTIFIER_MAX) {
    throw new RangeError('identifier must be 1-64 characters');
  }
  if (name.includes('\0')) throw new RangeError('identifier must not contain NUL');
  return '`' + name.replace(/`/g, '``') + '`';
}

/**
 * In `GRANT ... ON db.*` the database name is a pattern: `_` matches any character and
 * `%` any string, so a grant on `bob_shop` would also cover `bobxshop`. Escaping makes
 * the grant name exactly one database. Backslash first so escapes are not re-escaped.
 */
export function escapeGrantPattern(name: string): string {
  return name.replace(/\\/g, '\\\\').replace(/_/g, '\\_').replace(/%/g, '\\%');
}

/** Inverse of escapeGrantPattern, for reading `mysql.db` / SCHEMA_PRIVILEGES back. */
export function unescapeGrantPattern(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

/**
 * A LIKE pattern (default escape character `\`) matching exactly the names that start
 * with `{username}_`: the `_` separator is escaped so `bob_%` never matches `bobx...`.
 * Pass it as a bound value; callers still re-check every row with startsWith.
 */
export function ownedNamesLikePattern(username: string): string {
  if (!USERNAME_PATTERN.test(username)) throw new RangeError('not an account username');
  return `${escapeGrantPattern(username)}\\_%`;
}

/** Privileges a customer may hold on one of their own databases; never GRANT OPTION or global ones. */
export const DB_PRIVILEGES = [
  'ALL',
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'INDEX', 'ALTER', 'REFERENCES',
  'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'EXECUTE', 'CREATE VIEW', 'SHOW VIEW',
  'CREATE ROUTINE', 'ALTER ROUTINE', 'EVENT', 'TRIGGER', 'DELETE HISTORY',
] as const;
export type DbPrivilege = (typeof DB_PRIVILEGES)[number];

export function isDbPrivilege(value: unknown): value is DbPrivilege {
  return typeof value === 'string' && (DB_PRIVILEGES as readonly string[]).includes(value);
}
