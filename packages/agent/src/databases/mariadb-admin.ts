import { readFileSync } from 'node:fs';
import { createPool, Pool, RowDataPacket } from 'mysql2/promise';
import { DependencyUnavailableError, ownedNamesLikePattern, unescapeGrantPattern } from '@hearth/shared';
import type { DatabasesConfig } from './databases-config';
import { Sql, sql } from './mariadb-sql';

export interface DbUserRow {
  name: string;
  host: string;
  locked: boolean;
  /** The stored authentication string (a mysql_native_password hash), to restore on undo. */
  hash: string;
}

export interface DbGrantRow {
  user: string;
  host: string;
  /** The grant's database pattern as stored (escaped, e.g. `bob\_shop`). */
  pattern: string;
  /** The database it names once unescaped (`bob_shop`). */
  database: string;
}

/**
 * The administrative MariaDB connection, used only inside the agent. Everything an
 * account owns is found with an escaped LIKE prefix (`bob\_%`) and re-checked with
 * startsWith(`bob_`), so a lookup for `bob` can never return `bobx_…` objects.
 */
export interface DatabaseAdmin {
  run(statement: Sql): Promise<void>;
  listDatabases(username: string): Promise<{ name: string; sizeBytes: number }[]>;
  /** The account's database names, without sizes (cheap: for existence checks and drops). */
  listDatabaseNames(username: string): Promise<string[]>;
  databaseExists(name: string): Promise<boolean>;
  listUsers(username: string): Promise<DbUserRow[]>;
  listGrants(username: string): Promise<DbGrantRow[]>;
  /** Privilege names per `${user}@${host}` and database. */
  listPrivileges(username: string): Promise<Map<string, Map<string, string[]>>>;
  grantsOnDatabase(database: string): Promise<DbGrantRow[]>;
  /** Ends every open session of a user name (any host), so a lock or drop takes effect now. */
  killSessions(user: string): Promise<void>;
  close(): Promise<void>;
}

/** MariaDB errors that mean "the server cannot be reached", not "the statement is wrong". */
const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EACCES', 'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
]);

export function isUnreachable(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && UNREACHABLE.has(code);
}

function ownedBy(username: string, name: string): boolean {
  return name.startsWith(`${username}_`);
}

export class MariaDbAdmin implements DatabaseAdmin {
  private readonly pool: Pool;

  constructor(settings: DatabasesConfig) {
    const password = settings.adminPasswordFile ? readFileSync(settings.adminPasswordFile, 'utf8').trim() : undefined;
    this.pool = createPool({
      ...(settings.socketPath ? { socketPath: settings.socketPath } : { host: settings.host, port: settings.port }),
      user: settings.adminUser,
      password,
      connectTimeout: settings.connectTimeoutMs,
      connectionLimit: 4,
      multipleStatements: false,
      supportBigNumbers: true,
      dateStrings: true,
      // Only query() is used, never execute(): mysql2's prepared-statement cache would
      // otherwise allocate room for 16,000 statements per connection (about 0.5 MB each).
      maxPreparedStatements: 16,
    });
    // A known sql_mode: without NO_BACKSLASH_ESCAPES, `\` is LIKE's escape character.
    this.pool.on('connection', (conn) => {
      conn.query("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    });
  }

  private async rows<T>(statement: Sql): Promise<T[]> {
    try {
      const [rows] = statement.values.length
        ? await this.pool.execute<RowDataPacket[]>(statement.sql, statement.values)
        : await this.pool.query<RowDataPacket[]>(statement.sql);
      return rows as unknown as T[];
    } catch (e) {
      if (isUnreachable(e)) throw new DependencyUnavailableError(`MariaDB is unavailable: ${(e as Error).message}`);
      throw e;
    }
  }

  async run(statement: Sql): Promise<void> {
    await this.rows(statement);
  }

  async listDatabases(username: string): Promise<{ name: string; sizeBytes: number }[]> {
    const rows = await this.rows<{ name: string; size: string | number }>(sql.listDatabases(ownedNamesLikePattern(username)));
    // SCHEMATA compares case-insensitively; startsWith is the exact, case-sensitive check.
    return rows.filter((r) => ownedBy(username, r.name)).map((r) => ({ name: r.name, sizeBytes: Number(r.size) }));
  }

  async listDatabaseNames(username: string): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(sql.listDatabaseNames(ownedNamesLikePattern(username)));
    return rows.map((r) => r.name).filter((name) => ownedBy(username, name));
  }

  async databaseExists(name: string): Promise<boolean> {
    const rows = await this.rows<{ name: string }>(sql.databaseExists(name));
    return rows.some((r) => r.name === name);
  }

  async listUsers(username: string): Promise<DbUserRow[]> {
    const rows = await this.rows<{ user: string; host: string; locked: string; hash: string }>(sql.listUsers(ownedNamesLikePattern(username)));
    return rows
      .filter((r) => ownedBy(username, r.user))
      .map((r) => ({ name: r.user, host: r.host, locked: r.locked === '1' || r.locked === 'true', hash: r.hash }));
  }

  async listGrants(username: string): Promise<DbGrantRow[]> {
    const rows = await this.rows<{ user: string; host: string; db: string }>(sql.listGrants(ownedNamesLikePattern(username)));
    return rows
      .filter((r) => ownedBy(username, r.user))
      .map((r) => ({ user: r.user, host: r.host, pattern: r.db, database: unescapeGrantPattern(r.db) }));
  }

  async listPrivileges(username: string): Promise<Map<string, Map<string, string[]>>> {
    const rows = await this.rows<{ grantee: string; db: string; privilege: string }>(sql.listPrivileges(ownedNamesLikePattern(username)));
    const byAccount = new Map<string, Map<string, string[]>>();
    for (const r of rows) {
      const m = /^'([^']*)'@'([^']*)'$/.exec(r.grantee);
      if (!m || !ownedBy(username, m[1])) continue;
      const key = `${m[1]}@${m[2]}`;
      const perDb = byAccount.get(key) ?? new Map<string, string[]>();
      const db = unescapeGrantPattern(r.db);
      perDb.set(db, [...(perDb.get(db) ?? []), r.privilege]);
      byAccount.set(key, perDb);
    }
    return byAccount;
  }

  async grantsOnDatabase(database: string): Promise<DbGrantRow[]> {
    const rows = await this.rows<{ user: string; host: string; db: string }>(sql.grantsOnDatabase(database));
    return rows.map((r) => ({ user: r.user, host: r.host, pattern: r.db, database: unescapeGrantPattern(r.db) }));
  }

  async killSessions(user: string): Promise<void> {
    const sessions = await this.rows<{ id: number | string }>(sql.sessionsOf(user));
    for (const s of sessions) {
      // The session may end by itself between the listing and the kill.
      await this.run(sql.killConnection(Number(s.id))).catch((e) => {
        if ((e as { code?: string }).code !== 'ER_NO_SUCH_THREAD') throw e;
      });
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
