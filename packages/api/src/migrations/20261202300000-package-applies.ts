import type { Knex } from 'knex';

/**
 * `package_apply_items`: a package edit's limits being applied to each account on it
 * (PATCH /packages/{id}), one row per account with the agent operation id it uses — so
 * after a restart or a failure the work continues where it stopped and a retried account
 * replays its own operation instead of running a second one. Rows go with their package
 * or account.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('package_apply_items', (t) => {
    t.integer('package_id').unsigned().notNullable().references('id').inTable('packages').onDelete('CASCADE');
    t.integer('account_id').unsigned().notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('operation_id', 64).notNullable();
    t.string('state', 16).notNullable(); // pending | done | failed
    t.string('error', 500).nullable();
    t.timestamp('started_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(db.fn.now());
    t.primary(['package_id', 'account_id']);
    t.index(['state'], 'package_apply_items_state_index');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('package_apply_items');
}
