import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('idempotency_keys', (t) => {
    t.bigIncrements('id').primary();
    // Keys are per caller: two billing systems may pick the same key.
    t.string('principal', 64).notNullable();
    t.string('idem_key', 255).notNullable();
    t.string('fingerprint', 64).notNullable();
    t.enu('state', ['in_progress', 'done']).notNullable();
    t.integer('status_code').nullable();
    t.specificType('response_body', 'MEDIUMTEXT').nullable();
    t.timestamp('created_at').notNullable().defaultTo(db.fn.now());
    t.unique(['principal', 'idem_key']);
    t.index(['created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('idempotency_keys');
}
