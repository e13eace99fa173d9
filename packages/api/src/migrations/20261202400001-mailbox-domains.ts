import type { Knex } from 'knex';

/**
 * Mailboxes of an account's addon domains: info@primary and info@addon are two mailboxes
 * of one account, so the local part is no longer unique per account (the address stays
 * unique server-wide). The plain account_id index keeps the foreign key indexed.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('mailboxes', (t) => {
    t.index(['account_id'], 'mailboxes_account_id_index');
  });
  await db.schema.alterTable('mailboxes', (t) => {
    t.dropUnique(['account_id', 'local_part']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('mailboxes', (t) => {
    t.unique(['account_id', 'local_part']);
  });
  await db.schema.alterTable('mailboxes', (t) => {
    t.dropIndex(['account_id'], 'mailboxes_account_id_index');
  });
}
