import type { Knex } from 'knex';

/**
 * The panel's record of each mailbox: which account owns it (for authorization and the
 * package's max_email_accounts) and its quota. Passwords are not stored here at all: the
 * agent hashes them (SHA512-CRYPT) into Dovecot's users file. Rows go with their account.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('mailboxes', (t) => {
    t.increments('id').primary();
    t.integer('account_id').unsigned().notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('local_part', 64).notNullable();
    t.string('address', 254).notNullable().unique();
    t.integer('quota_mb').unsigned().notNullable().defaultTo(0);
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(db.fn.now());
    t.unique(['account_id', 'local_part']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('mailboxes');
}
