import type { Knex } from 'knex';

/**
 * API tokens of hosting accounts, for cPanel-style calls (`Authorization: cpanel
 * <user>:<token>` on /execute/…): each one acts only as its account. Only the SHA-256
 * of the token is kept (a random secret, not a password); tokens go with their account.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('uapi_tokens', (t) => {
    t.increments('id').primary();
    t.integer('account_id').unsigned().notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('name', 64).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('revoked_at').nullable();
    t.unique(['account_id', 'name']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('uapi_tokens');
}
