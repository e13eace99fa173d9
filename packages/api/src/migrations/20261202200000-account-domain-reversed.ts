import type { Knex } from 'knex';
import { reversedDomain } from '../stores/reversed-domain';

/**
 * `accounts.domain_reversed`: the domain's labels in reverse order with a trailing dot
 * ("com.example.shop."), indexed. The create-time overlap check asks "is any account's
 * domain below this one?"; on `domain` that is `LIKE '%.shop.example.com'`, a scan of
 * every row under the create lock; on the reversed name it is a prefix range
 * (`LIKE 'com.example.shop.%'`) the index answers, however many accounts there are.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (t) => {
    t.string('domain_reversed', 254).nullable();
  });
  const rows: { id: number; domain: string }[] = await db('accounts').select('id', 'domain');
  for (const r of rows) await db('accounts').where({ id: r.id }).update({ domain_reversed: reversedDomain(r.domain) });
  await db.schema.alterTable('accounts', (t) => {
    t.string('domain_reversed', 254).notNullable().alter();
    t.index(['domain_reversed'], 'accounts_domain_reversed_index');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('accounts', (t) => {
    t.dropIndex(['domain_reversed'], 'accounts_domain_reversed_index');
    t.dropColumn('domain_reversed');
  });
}
