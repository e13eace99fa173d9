import type { Knex } from 'knex';

/**
 * `account_domains`: an account's domains besides its primary one (addon domains,
 * subdomains, aliases). `domain` is unique across the server and `domain_reversed`
 * (labels reversed, trailing dot; see stores/reversed-domain.ts) is indexed, so the
 * overlap checks of account creation and of adding a domain are index lookups in both
 * this table and `accounts`. Rows go with their account.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('account_domains', (t) => {
    t.increments('id').primary();
    t.integer('account_id').unsigned().notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('domain', 254).notNullable().unique();
    t.string('domain_reversed', 254).notNullable().index('account_domains_domain_reversed_index');
    t.enum('type', ['addon', 'subdomain', 'alias']).notNullable();
    t.string('document_root', 255).notNullable().defaultTo('');
    t.string('target', 254).nullable();
    t.enum('status', ['provisioning', 'active', 'removing']).notNullable().defaultTo('provisioning');
    t.string('operation_id', 64).notNullable();
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(db.fn.now());
    t.index(['account_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('account_domains');
}
