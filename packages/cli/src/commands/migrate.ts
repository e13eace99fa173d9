import { parseArgs } from 'node:util';
import { createDb, migrateDown, migrateLatest } from '@hearth/api';
import type { Command } from '../context';

/**
 * hearthctl migrate [--down]: applies (or rolls back) the panel database migrations.
 * As root with a socket connection it migrates as MariaDB's root (unix-socket auth): the
 * API's own user is deliberately too weak to alter the append-only audit table.
 */
export const migrate: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { down: { type: 'boolean', default: false }, 'as-api-user': { type: 'boolean', default: false } } });
  const config = ctx.apiConfig().database;
  const asAdmin = !values['as-api-user'] && process.getuid?.() === 0 && config.socketPath !== '';
  const db = createDb(asAdmin ? { ...config, user: 'root', password: '' } : config);
  try {
    if (values.down) {
      await migrateDown(db);
      ctx.out('rolled back all migrations');
    } else {
      const applied = await migrateLatest(db);
      ctx.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    }
    return 0;
  } finally {
    await db.destroy();
  }
};
