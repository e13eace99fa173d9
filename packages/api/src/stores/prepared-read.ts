import type { Knex } from 'knex';

/** The part of a pooled mysql2 connection a prepared read uses. */
interface Mysql2Connection {
  execute(sql: string, values: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
}

/**
 * A read as a mysql2 prepared statement (`execute`) on a connection of knex's own pool: for
 * the hottest lookups (an account by id on every `/accounts/{id}` request), where knex's
 * query builder, compiler and runner cost as much CPU as the query itself. The statement is
 * prepared once per connection (mysql2 keeps it), MariaDB parses it once, values are bound.
 * Connection failures surface as from knex (mysql2's fatal errors, KnexTimeoutError while
 * the pool waits), so the error handler's 503 mapping is unchanged.
 */
export async function preparedRows<T>(db: Knex, sql: string, values: unknown[]): Promise<T[]> {
  // Inside a transaction the read must see its writes: its own connection, through knex.
  if (db.isTransaction) return ((await db.raw(sql, values as Knex.ValueDict[])) as unknown as [T[]])[0];
  const client = db.client as { acquireConnection(): Promise<Mysql2Connection>; releaseConnection(c: Mysql2Connection): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    return await new Promise<T[]>((resolve, reject) => {
      connection.execute(sql, values, (err, rows) => (err ? reject(err) : resolve(rows as T[])));
    });
  } finally {
    void client.releaseConnection(connection);
  }
}
