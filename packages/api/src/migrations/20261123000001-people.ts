import type { Knex } from 'knex';

/**
 * People (ADMIN / MASTER / RESALE / CUSTOMER), their JWT sessions, the owner of each
 * hosting account, reseller-bound API tokens, and the append-only audit log.
 *
 * The audit log lives in its own database, `<panel db>_audit`, because MariaDB grants
 * only add up: the API user needs UPDATE/DELETE/DROP on the panel database, and no
 * table-level REVOKE can take them back for one table. On the audit database the API
 * user is granted SELECT, INSERT and CREATE only (deploy/quickstart.sh, the test
 * harness), so it can append and read but never UPDATE, DELETE, TRUNCATE or DROP.
 */
export async function auditDatabaseOf(db: Knex): Promise<string> {
  const [rows] = await db.raw('SELECT DATABASE() AS name');
  return `${(rows as { name: string }[])[0].name}_audit`;
}

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('people', (t) => {
    t.increments('id').primary();
    t.enu('role', ['ADMIN', 'MASTER', 'RESALE', 'CUSTOMER']).notNullable();
    t.string('login', 64).notNullable();
    // Equal to login while the person is not deleted, NULL afterwards: a soft-deleted
    // customer keeps its record but frees its login (NULLs do not collide in a unique key).
    t.string('login_key', 64).nullable().unique();
    t.string('password_hash', 255).notNullable();
    t.string('name', 128).notNullable().defaultTo('');
    t.string('email', 254).nullable();
    t.integer('reseller_id').unsigned().nullable().references('id').inTable('people').onDelete('RESTRICT');
    t.enu('status', ['active', 'deleted']).notNullable().defaultTo('active');
    t.timestamp('deleted_at').nullable();
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at').notNullable().defaultTo(db.fn.now());
    t.index(['reseller_id']);
  });

  await db.schema.createTable('sessions', (t) => {
    t.string('jti', 36).primary();
    t.integer('person_id').unsigned().notNullable().references('id').inTable('people').onDelete('CASCADE');
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('expires_at').notNullable().defaultTo(db.fn.now());
    t.timestamp('revoked_at').nullable();
    t.string('source_ip', 45).notNullable().defaultTo('');
    t.index(['person_id']);
  });

  await db.schema.alterTable('accounts', (t) => {
    // NULL only for accounts created before people existed: visible to ADMIN/MASTER only.
    t.integer('customer_id').unsigned().nullable().references('id').inTable('people').onDelete('RESTRICT');
  });

  await db.schema.alterTable('api_tokens', (t) => {
    // A token bound to a reseller acts only within that reseller's customers; deleting the
    // reseller's record deletes its tokens (never leaves them unbound, i.e. admin-wide).
    t.integer('reseller_id').unsigned().nullable().references('id').inTable('people').onDelete('CASCADE');
  });

  const audit = await auditDatabaseOf(db);
  await db.raw('CREATE DATABASE IF NOT EXISTS ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [audit]);
  if (!(await db.schema.withSchema(audit).hasTable('audit_log'))) {
    await db.schema.withSchema(audit).createTable('audit_log', (t) => {
      t.bigIncrements('id').primary();
      t.datetime('at', { precision: 3 }).notNullable().defaultTo(db.raw('CURRENT_TIMESTAMP(3)'));
      t.string('actor_type', 16).notNullable();
      t.integer('actor_id').unsigned().nullable();
      t.string('actor_label', 64).notNullable().defaultTo('');
      t.string('role', 16).nullable();
      // The reseller whose scope the actor acted in: what GET /audit shows that reseller.
      t.integer('scope_reseller_id').unsigned().nullable();
      t.string('action', 128).notNullable();
      t.string('target', 255).notNullable().defaultTo('');
      t.string('outcome', 16).notNullable();
      t.smallint('status').unsigned().notNullable();
      t.string('source_ip', 45).notNullable().defaultTo('');
      t.index(['at']);
      t.index(['scope_reseller_id']);
      t.index(['actor_type', 'actor_id']);
    });
  }
}

/** Needs the database administrator for the audit table: the API user may not drop it. */
export async function down(db: Knex): Promise<void> {
  const audit = await auditDatabaseOf(db);
  await db.schema.withSchema(audit).dropTableIfExists('audit_log');
  await db.schema.alterTable('api_tokens', (t) => {
    t.dropForeign(['reseller_id']);
    t.dropColumn('reseller_id');
  });
  await db.schema.alterTable('accounts', (t) => {
    t.dropForeign(['customer_id']);
    t.dropColumn('customer_id');
  });
  await db.schema.dropTableIfExists('sessions');
  await db.schema.dropTableIfExists('people');
}
