import type { Knex } from 'knex';

/**
 * The CUSTOMER person made automatically for an account remembers that account until it
 * is provisioned, so removing a create that never finished also removes its login.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('people', (t) => {
    t.integer('created_for_account').unsigned().nullable().index();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('people', (t) => {
    t.dropIndex(['created_for_account']);
    t.dropColumn('created_for_account');
  });
}
