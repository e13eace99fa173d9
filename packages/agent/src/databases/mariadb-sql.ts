import { DbPrivilege, escapeGrantPattern, quoteIdentifier } from '@hearth/shared';
import { NATIVE_HASH_PATTERN } from './native-password';

/**
 * Builds every administrative statement the agent sends to MariaDB. Pure: no I/O, so the
 * exact SQL is unit tested. Identifiers are always backtick-quoted; database names in
 * GRANT/REVOKE are escaped patterns (`bob\_shop`) so `_` and `%` never act as wildcards;
 * values go as bound parameters. Account names (`user`@`host`) are quoted identifiers too.
 */
export interface Sql {
  sql: string;
  values: (string | number)[];
}

/**
 * `user`@`host`. New users only get configured hosts (databasesConfigSchema), but cleanup
 * must also reach rows someone created by hand (`%`, a hostname), hence the wider check.
 */
const HOST = /^[A-Za-z0-9.:%_-]{1,255}$/;
function account(user: string, host: string): string {
  if (!HOST.test(host)) throw new RangeError('client host contains characters outside [A-Za-z0-9.:%_-]');
  return `${quoteIdentifier(user)}@\`${host}\``;
}

function grantTarget(database: string): string {
  return `${quoteIdentifier(escapeGrantPattern(database))}.*`;
}

function passwordClause(hash: string): string {
  if (!NATIVE_HASH_PATTERN.test(hash)) throw new RangeError('not a mysql_native_password hash');
  return `IDENTIFIED BY PASSWORD '${hash}'`;
}

export function privilegeList(privileges: readonly DbPrivilege[]): string {
  if (privileges.length === 0) throw new RangeError('at least one privilege is required');
  if (privileges.includes('ALL')) return 'ALL PRIVILEGES';
  return [...new Set(privileges)].join(', ');
}

export const sql = {
  createDatabase: (name: string): Sql => ({
    sql: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    values: [],
  }),
  dropDatabase: (name: string): Sql => ({ sql: `DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`, values: [] }),

  createUser: (user: string, host: string, hash: string, locked: boolean): Sql => ({
    sql: `CREATE USER IF NOT EXISTS ${account(user, host)} ${passwordClause(hash)}${locked ? ' ACCOUNT LOCK' : ''}`,
    values: [],
  }),
  setPassword: (user: string, host: string, hash: string): Sql => ({
    sql: `ALTER USER ${account(user, host)} ${passwordClause(hash)}`,
    values: [],
  }),
  lockUser: (user: string, host: string, locked: boolean): Sql => ({
    sql: `ALTER USER ${account(user, host)} ACCOUNT ${locked ? 'LOCK' : 'UNLOCK'}`,
    values: [],
  }),
  dropUser: (user: string, host: string): Sql => ({ sql: `DROP USER IF EXISTS ${account(user, host)}`, values: [] }),

  grant: (privileges: readonly DbPrivilege[], database: string, user: string, host: string): Sql => ({
    sql: `GRANT ${privilegeList(privileges)} ON ${grantTarget(database)} TO ${account(user, host)}`,
    values: [],
  }),
  revokeAll: (database: string, user: string, host: string): Sql => ({
    sql: `REVOKE ALL PRIVILEGES ON ${grantTarget(database)} FROM ${account(user, host)}`,
    values: [],
  }),
  /** The raw grant pattern as stored in mysql.db, for grants whose pattern is not a plain name. */
  revokeAllPattern: (pattern: string, user: string, host: string): Sql => ({
    sql: `REVOKE ALL PRIVILEGES ON ${quoteIdentifier(pattern)}.* FROM ${account(user, host)}`,
    values: [],
  }),

  /** Databases whose name matches the LIKE pattern; callers re-check with startsWith. */
  listDatabases: (likePattern: string): Sql => ({
    sql:
      'SELECT s.SCHEMA_NAME AS name, COALESCE(SUM(t.DATA_LENGTH + t.INDEX_LENGTH), 0) AS size ' +
      'FROM information_schema.SCHEMATA s LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME ' +
      'WHERE s.SCHEMA_NAME LIKE ? GROUP BY s.SCHEMA_NAME ORDER BY s.SCHEMA_NAME',
    values: [likePattern],
  }),
  /** Names only: no join with TABLES, which opens every table of every matching schema. */
  listDatabaseNames: (likePattern: string): Sql => ({
    sql: 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? ORDER BY SCHEMA_NAME',
    values: [likePattern],
  }),
  databaseExists: (name: string): Sql => ({
    sql: 'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
    values: [name],
  }),
  /** mysql.global_priv (10.4+) is the real table behind the mysql.user view; User is case-sensitive. */
  listUsers: (likePattern: string): Sql => ({
    sql:
      "SELECT User AS user, Host AS host, COALESCE(JSON_VALUE(Priv, '$.account_locked'), '0') AS locked, " +
      "COALESCE(JSON_VALUE(Priv, '$.authentication_string'), '') AS hash " +
      'FROM mysql.global_priv WHERE User LIKE ? ORDER BY User, Host',
    values: [likePattern],
  }),
  /** Database-level grants held by users matching the LIKE pattern (Db is the escaped pattern). */
  listGrants: (likePattern: string): Sql => ({
    sql: 'SELECT User AS user, Host AS host, Db AS db FROM mysql.db WHERE User LIKE ? ORDER BY User, Host, Db',
    values: [likePattern],
  }),
  /** Who holds grants on exactly this database (any account, so DeleteDatabase can revoke them all). */
  grantsOnDatabase: (database: string): Sql => ({
    sql: 'SELECT User AS user, Host AS host, Db AS db FROM mysql.db WHERE Db = ?',
    values: [escapeGrantPattern(database)],
  }),
  /** Privilege names per grant; GRANTEE is "'user'@'host'". */
  listPrivileges: (likePattern: string): Sql => ({
    sql:
      'SELECT GRANTEE AS grantee, TABLE_SCHEMA AS db, PRIVILEGE_TYPE AS privilege ' +
      'FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE LIKE ? ORDER BY GRANTEE, TABLE_SCHEMA, PRIVILEGE_TYPE',
    values: [`'${likePattern}'@%`],
  }),
  sessionsOf: (user: string): Sql => ({
    sql: 'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?',
    values: [user],
  }),
  killConnection: (id: number): Sql => {
    if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError('bad connection id');
    return { sql: `KILL CONNECTION ${id}`, values: [] };
  },
};
