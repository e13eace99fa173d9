import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('packages', (t) => {
    t.increments('id').primary();
    t.string('name', 64).notNullable().unique();
    t.json('php_versions').notNullable();
    t.integer('disk_quota_mb').unsigned().notNullable().defaultTo(0);
    t.integer('bandwidth_mb').unsigned().notNullable().defaultTo(0);
    t.integer('max_domains').unsigned().notNullable().defaultTo(0);
    t.integer('max_subdomains').unsigned().notNullable().defaultTo(0);
    t.integer('max_databases').unsigned().notNullable().defaultTo(0);
    t.integer('max_email_accounts').unsigned().notNullable().defaultTo(0);
    t.integer('php_workers').unsigned().notNullable().defaultTo(5);
    t.integer('php_memory_mb').unsigned().notNullable().defaultTo(256);
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(db.fn.now());
  });
  await db('packages').insert({
    id: 1, name: 'default', php_versions: JSON.stringify(['8.2']), disk_quota_mb: 10240, bandwidth_mb: 102400,
    max_domains: 5, max_subdomains: 20, max_databases: 10, max_email_accounts: 25, php_workers: 5, php_memory_mb: 256,
  });

  await db.schema.createTable('accounts', (t) => {
    t.increments('id').primary();
    t.string('username', 32).notNullable().unique();
    t.string('domain', 253).notNullable().unique();
    t.string('email', 254).notNullable();
    t.string('password_hash', 255).notNullable();
    t.integer('package_id').unsigned().notNullable().references('id').inTable('packages');
    // provisioning → active ⇄ suspended; deleting while the agent removes it.
    t.enu('status', ['provisioning', 'active', 'suspended', 'deleting']).notNullable();
    t.string('operation_id', 64).notNullable();
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('api_tokens', (t) => {
    t.increments('id').primary();
    t.string('name', 64).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.json('scopes').notNullable();
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at').nullable();
    t.timestamp('revoked_at').nullable();
    t.timestamp('last_used_at').nullable();
  });

  // One row locked FOR UPDATE by every account create: serialises the plan-limit count
  // and the domain-overlap check with the insert, so parallel creates cannot both pass.
  await db.schema.createTable('create_lock', (t) => {
    t.integer('id').primary();
  });
  await db('create_lock').insert({ id: 1 });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('create_lock');
  await db.schema.dropTableIfExists('api_tokens');
  await db.schema.dropTableIfExists('accounts');
  await db.schema.dropTableIfExists('packages');
}
