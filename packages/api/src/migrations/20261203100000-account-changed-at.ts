import type { Knex } from 'knex';

/**
 * `changed_at`: MariaDB sets it on every change of an account row, whoever writes it (the
 * API, hearthctl, a hand edit), to the microsecond. With the row count and the highest id
 * it is the change mark the API polls to remember account rows for a few seconds
 * (KnexAccountStore.get, services/change-watch.ts); the index makes its MAX one lookup.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(
    'ALTER TABLE `accounts` ADD COLUMN `changed_at` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), '
    + 'ADD INDEX `accounts_changed_at_index` (`changed_at`)',
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE `accounts` DROP INDEX `accounts_changed_at_index`, DROP COLUMN `changed_at`');
}
