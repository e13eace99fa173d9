import type { Knex } from 'knex';
import * as initial from './20261122000001-initial';
import * as people from './20261123000001-people';
import * as idempotencyKeys from './20261122000002-idempotency-keys';
import * as mailboxes from './20261123000005-mailboxes';
import * as peopleCreatedFor from './20261123000006-people-created-for-account';
import * as uapiTokens from './20261123000009-uapi-tokens';
import * as domainReversed from './20261202200000-account-domain-reversed';
import * as loginThrottle from './20261202100000-login-throttle';
import * as packageApplies from './20261202300000-package-applies';
import * as accountDomains from './20261202400000-account-domains';
import * as mailboxDomains from './20261202400001-mailbox-domains';
import * as accountChangedAt from './20261203100000-account-changed-at';

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

/**
 * Every migration, in order. Registered explicitly (not discovered on disk) so the
 * same list works from TypeScript sources in tests and from dist/ in production.
 */
export const MIGRATIONS: [string, Migration][] = [
  ['20261122000001-initial', initial],
  ['20261122000002-idempotency-keys', idempotencyKeys],
  ['20261123000001-people', people],
  ['20261123000005-mailboxes', mailboxes],
  ['20261123000006-people-created-for-account', peopleCreatedFor],
  ['20261123000009-uapi-tokens', uapiTokens],
  ['20261202100000-login-throttle', loginThrottle],
  ['20261202200000-account-domain-reversed', domainReversed],
  ['20261202300000-package-applies', packageApplies],
  ['20261202400000-account-domains', accountDomains],
  ['20261202400001-mailbox-domains', mailboxDomains],
  ['20261203100000-account-changed-at', accountChangedAt],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, names] = await db.migrate.latest({ migrationSource });
  return names as string[];
}

export async function migrateDown(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource }, true);
}
