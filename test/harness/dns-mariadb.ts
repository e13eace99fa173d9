import type { MariaDbAdmin } from './pdns';

/** TEMPORARY until test/harness/mariadb.ts exports the private test MariaDB. */
export function testMariaDbAdmin(): MariaDbAdmin {
  return {
    host: '127.0.0.1',
    port: Number(process.env.HEARTH_TEST_MARIADB_PORT ?? 0),
    user: 'root',
    password: '',
  };
}
