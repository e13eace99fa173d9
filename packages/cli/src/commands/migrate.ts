import { parseArgs } from 'node:util';
import { createDb, migrateDown, migrateLatest } from '@hearth/api';
import type { Command } from '../context';

/** hearthctl migrate [--down]: applies (or rolls back) the panel database migrations. */
export const migrate: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { down: { type: 'boolean', default: false } } });
  const db = createDb(ctx.apiConfig().database);
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
