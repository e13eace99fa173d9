import knex, { Knex } from 'knex';
import type { ApiConfig } from './config';

export function createDb(config: ApiConfig['database']): Knex {
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
  return knex({ client: 'mysql2', connection, pool: { min: 0, max: 10 }, acquireConnectionTimeout: 5000 });
}

/** MariaDB duplicate-key error, as raised by mysql2. */
export function isDuplicateKey(e: unknown): boolean {
  return (e as { code?: string })?.code === 'ER_DUP_ENTRY';
}

/** Connection-level failures (server down, refused, timed out). */
export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return ['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'ER_CON_COUNT_ERROR'].includes(code)
    || (e as Error)?.name === 'KnexTimeoutError';
}
