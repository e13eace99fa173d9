import type { proto } from '@hearth/shared';
import type { AccountAgent } from '../agent/grpc-account-agent';
import type { KnexMailboxStore } from '../stores/knex-mailbox-store';
import type { KnexAccountDomainStore } from '../stores/knex-account-domain-store';
import type { KnexPackageStore, PackageRecord } from '../stores/knex-package-store';
import type { AccountRecord } from '../stores/account-record';
import type { AccountService } from './account-service';
import { ALL, OwnerScope } from '../http/principal';

export interface UsageView {
  disk_mb: { home: number; mail: number; databases: number; total: number };
  disk_limit_mb: number;
  bandwidth_mb: number;
  bandwidth_limit_mb: number;
  bandwidth_month: string;
  domains: { used: number; limit: number };
  subdomains: { used: number; limit: number };
  mailboxes: { used: number; limit: number };
  databases: { used: number; limit: number };
  measured_at: string;
  max_age_seconds: number;
}

/** What measuring needs of an account: a row or its list view. */
type Measured = Pick<AccountRecord, 'id' | 'username' | 'domain' | 'package_id'>;

const mb = (bytes: string | number): number => Math.round((Number(bytes) / 1048576) * 100) / 100;

/**
 * GET /accounts/{id}/usage and ?include=usage: what an account uses against its package.
 * Disk and traffic come from the agent, measured at most `maxAgeSeconds` ago (it caches,
 * so a billing system's daily sweep of 1,000 accounts costs one `du` of each home, and a
 * repeat within the period costs nothing); counts come from the panel and the agent.
 * Limits of 0 are unlimited.
 */
export class AccountUsageService {
  constructor(
    private readonly accounts: AccountService,
    private readonly packages: KnexPackageStore,
    private readonly mailboxes: KnexMailboxStore,
    private readonly agent: AccountAgent,
    private readonly domains: KnexAccountDomainStore,
    readonly maxAgeSeconds: number,
  ) {}

  async get(id: number, scope: OwnerScope = ALL): Promise<UsageView> {
    return this.of(await this.accounts.find(id, scope));
  }

  /**
   * GET /accounts?include=usage: the list with each account's usage (null for one the agent
   * cannot measure now), two accounts at a time.
   */
  async withUsage<T extends Measured>(list: { data: T[]; meta: object }): Promise<{ data: (T & { usage: UsageView | null })[]; meta: object }> {
    const data: (T & { usage: UsageView | null })[] = [];
    for (let i = 0; i < list.data.length; i += 2) {
      data.push(...await Promise.all(list.data.slice(i, i + 2).map(async (row) => ({ ...row, usage: await this.of(row).catch(() => null) }))));
    }
    return { data, meta: { ...list.meta, usage_max_age_seconds: this.maxAgeSeconds } };
  }

  private async of(account: Measured): Promise<UsageView> {
    const [measured, pkg, mailboxes, domains] = await Promise.all([
      this.agent.getAccountUsage({ username: account.username, domain: account.domain, max_age_seconds: this.maxAgeSeconds }),
      this.packages.get(account.package_id),
      this.mailboxes.list(account.id),
      this.domains.counts(account.id),
    ]);
    return view(measured, pkg, { mailboxes: mailboxes.length, ...domains }, this.maxAgeSeconds);
  }
}

interface Counts { mailboxes: number; domains: number; subdomains: number }

function view(u: proto.AccountUsage__Output, pkg: PackageRecord | undefined, counts: Counts, maxAge: number): UsageView {
  const disk = { home: mb(u.home_bytes), mail: mb(u.mail_bytes), databases: mb(u.database_bytes), total: 0 };
  disk.total = mb(Number(u.home_bytes) + Number(u.mail_bytes) + Number(u.database_bytes));
  return {
    disk_mb: disk,
    disk_limit_mb: pkg?.disk_quota_mb ?? 0,
    bandwidth_mb: mb(u.bandwidth_bytes),
    bandwidth_limit_mb: pkg?.bandwidth_mb ?? 0,
    bandwidth_month: u.bandwidth_month,
    // The primary domain counts as a domain (as max_domains does).
    domains: { used: counts.domains, limit: pkg?.max_domains ?? 0 },
    subdomains: { used: counts.subdomains, limit: pkg?.max_subdomains ?? 0 },
    mailboxes: { used: counts.mailboxes, limit: pkg?.max_email_accounts ?? 0 },
    databases: { used: u.database_count, limit: pkg?.max_databases ?? 0 },
    measured_at: u.measured_at,
    max_age_seconds: maxAge,
  };
}
