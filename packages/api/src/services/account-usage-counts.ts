import { DependencyUnavailableError, ErrorDetail } from '@hearth/shared';
import type { DatabaseAgent } from '../agent/grpc-databases-client';
import type { KnexMailboxStore } from '../stores/knex-mailbox-store';
import type { KnexAccountDomainStore } from '../stores/knex-account-domain-store';
import type { PackageRecord } from '../stores/knex-package-store';
import type { AccountRecord } from '../stores/account-record';

/**
 * What an account already uses of the limits a package counts: mailboxes and domains (the
 * panel's rows) and databases (MariaDB, through the agent). A package that allows less than that would
 * leave the account over its limits, so a change to it is refused (409) naming each limit.
 * Limits of 0 are unlimited.
 */
export class AccountUsageCounts {
  constructor(private readonly mailboxes: KnexMailboxStore, private readonly databases: DatabaseAgent, private readonly domains: KnexAccountDomainStore) {}

  async overLimits(account: AccountRecord, pkg: PackageRecord): Promise<ErrorDetail[]> {
    const [mailboxes, databases, domains] = await Promise.all([
      pkg.max_email_accounts > 0 ? this.mailboxes.list(account.id).then((rows) => rows.length) : Promise.resolve(0),
      pkg.max_databases > 0 ? this.databaseCount(account.username) : Promise.resolve(0),
      this.domains.counts(account.id),
    ]);
    const details: ErrorDetail[] = [];
    const check = (field: string, what: string, limit: number, usage: number): void => {
      if (limit > 0 && usage > limit) details.push({ field, message: `the package allows ${limit} ${what}; the account has ${usage}`, limit, usage });
    };
    check('max_email_accounts', 'mailboxes', pkg.max_email_accounts, mailboxes);
    check('max_databases', 'databases', pkg.max_databases, databases);
    check('max_domains', 'domains (the primary included)', pkg.max_domains, domains.domains);
    check('max_subdomains', 'subdomains', pkg.max_subdomains, domains.subdomains);
    return details;
  }

  /** On an agent without the databases module no account has databases; MariaDB down is still an error. */
  private async databaseCount(username: string): Promise<number> {
    try {
      return (await this.databases.listDatabases(username)).length;
    } catch (e) {
      if (e instanceof DependencyUnavailableError && /not enabled/.test(e.message)) return 0;
      throw e;
    }
  }
}
