import knex, { Knex } from 'knex';
import type { Logger } from '@hearth/shared';
import type { ApiConfig } from './config';

/**
 * knex reports pool trouble (a connection that could not be acquired, one the server closed)
 * on the console by default; `log` sends it to the component's logger instead, so it is
 * structured, redacted and never written after its owner has finished.
 */
export function createDb(config: ApiConfig['database'], log?: Logger): Knex {
  const connection: Knex.MySql2ConnectionConfig = {
    user: config.user,
    password: config.password,
    database: config.database,
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    connectTimeout: 5000,
  };
  if (config.socketPath) connection.socketPath = config.socketPath;
  else Object.assign(connection, { host: config.host, port: config.port });
  const knexLog = log && {
    warn: (message: unknown) => log.warn({ knex: String(message) }, 'panel database'),
    error: (message: unknown) => log.error({ knex: String(message) }, 'panel database'),
    deprecate: (method: string, alternative: string) => log.debug({ method, alternative }, 'knex deprecation'),
    debug: () => undefined,
  };
  return knex({ client: 'mysql2', connection, pool: { min: 0, max: 10 }, acquireConnectionTimeout: 5000, ...(knexLog ? { log: knexLog } : {}) });
}

/** MariaDB duplicate-key error, as raised by mysql2. */
export function isDuplicateKey(e: unknown): boolean {
  return (e as { code?: string })?.code === 'ER_DUP_ENTRY';
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_CONNECTION_KILLED',
]);

/**
 * Connection-level failures (server down, refused, timed out, shutting down, or a pooled
 * connection the server closed): the database is unavailable, not the request wrong.
 * mysql2 marks every error that ends a connection `fatal`; a pooled connection closed by a
 * stopping server fails the next query with "Can't add new command when connection is in
 * closed state", which has no code but is fatal.
 */
export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: string; fatal?: boolean; name?: string } | null;
  return CONNECTION_CODES.has(err?.code ?? '') || err?.fatal === true || err?.name === 'KnexTimeoutError';
}

/** MariaDB's "deadlock found" (1213) and "lock wait timeout" (1205): the transaction may simply be run again. */
const RETRYABLE = new Set([1213, 1205]);

/**
 * Runs a small, idempotent transaction, again (up to `attempts` times, after a short random
 * pause) when MariaDB chose it as a deadlock victim or its lock wait timed out.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      const errno = (e as { errno?: number }).errno;
      if (attempt >= attempts || errno === undefined || !RETRYABLE.has(errno)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}
