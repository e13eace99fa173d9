import type { Knex } from 'knex';

/**
 * Login throttle counters (see @hearth/shared login-throttle): one row per login name and
 * per client address, shared by the panel login and UAPI Basic auth, kept across restarts
 * and across API processes. Rows are locked (SELECT … FOR UPDATE) while an attempt is
 * admitted. Times are ms since the epoch, as the policy computes them.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('login_throttle', (t) => {
    t.string('throttle_key', 191).primary();
    t.integer('failures').unsigned().notNullable().defaultTo(0);
    t.bigInteger('blocked_until_ms').notNullable().defaultTo(0);
    t.bigInteger('last_at_ms').notNullable().defaultTo(0);
    t.index(['last_at_ms']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('login_throttle');
}
