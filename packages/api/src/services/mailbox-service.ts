import { randomUUID } from 'node:crypto';
import { assertValid, Logger, mailLocalPartProblem, NotFoundError, normaliseLocalPart, ValidationError } from '@hearth/shared';
import type { MailAgent } from '../agent/grpc-mail-client';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexPackageStore } from '../stores/knex-package-store';
import type { KnexMailboxStore, MailboxRecord } from '../stores/knex-mailbox-store';
import type { AccountRecord } from '../stores/account-record';
import type { LicenseService } from './license-service';
import { validateCreateMailbox, validateUpdateMailbox } from './mailbox-schemas';
import { assertChangeable, existingAccount } from './account-access';
import type { KnexAccountDomainStore } from '../stores/knex-account-domain-store';
import { normaliseDomain } from '@hearth/shared';

export interface MailboxView {
  address: string;
  local_part: string;
  quota_mb: number;
  created_at: string;
  updated_at: string;
}

/** The domain part of a recorded address. */
const domainOf = (m: MailboxRecord): string => m.address.slice(m.address.lastIndexOf('@') + 1);

const toView = (m: MailboxRecord): MailboxView => ({
  address: m.address,
  local_part: m.local_part,
  quota_mb: m.quota_mb,
  created_at: new Date(m.created_at).toISOString(),
  updated_at: new Date(m.updated_at).toISOString(),
});

/**
 * Mailboxes of an account's domain. The panel records each one (owner, quota) before it
 * asks the agent, and removes the record again when the agent refuses or fails, so the
 * package limit is counted on the panel's own rows under a database lock. Passwords go
 * to the agent only, which stores them as SHA512-CRYPT hashes; the panel never keeps them.
 */
export class MailboxService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly packages: KnexPackageStore,
    private readonly mailboxes: KnexMailboxStore,
    private readonly agent: MailAgent,
    private readonly license: LicenseService,
    private readonly log: Logger,
    /** The account's addon domains, whose mailboxes live here too (absent: primary only). */
    private readonly domains?: KnexAccountDomainStore,
  ) {}

  /** The account's mail domains: the primary and every active addon domain. */
  private async mailDomains(account: AccountRecord): Promise<string[]> {
    const added = this.domains ? await this.domains.list(account.id) : [];
    return [account.domain, ...added.filter((d) => d.type === 'addon' && d.status === 'active').map((d) => d.domain)];
  }

  async list(accountId: number): Promise<{ data: MailboxView[]; meta: object }> {
    const account = await this.readable(accountId);
    const [rows, max] = await Promise.all([this.mailboxes.list(account.id), this.maxMailboxes(account)]);
    return { data: rows.map(toView), meta: { total: rows.length, max_email_accounts: max } };
  }

  async get(accountId: number, rawAddress: string): Promise<MailboxView> {
    const account = await this.readable(accountId);
    return toView(await this.find(account, rawAddress));
  }

  async create(accountId: number, body: unknown): Promise<MailboxView> {
    const input = assertValid(validateCreateMailbox, body);
    const local = normaliseLocalPart(input.local_part);
    const problem = mailLocalPartProblem(local);
    if (problem) throw new ValidationError('Request is invalid', [{ field: 'local_part', message: problem }]);
    const quota = input.quota_mb ?? 0;
    return this.mutate(accountId, async (account) => {
      const domain = input.domain === undefined ? account.domain : normaliseDomain(input.domain);
      if (!(await this.mailDomains(account)).includes(domain)) {
        throw new ValidationError('Request is invalid', [{ field: 'domain', message: 'must be the account\'s domain or one of its addon domains' }]);
      }
      const address = `${local}@${domain}`;
      if (address.length > 254) throw new ValidationError('Request is invalid', [{ field: 'local_part', message: 'makes the address longer than 254 characters' }]);
      const row = await this.mailboxes.insertWithinLimit(
        { account_id: account.id, local_part: local, address, quota_mb: quota }, await this.maxMailboxes(account),
      );
      try {
        await this.agent.createMailbox({ operation_id: randomUUID(), username: account.username, domain, local_part: local, password: input.password, quota_mb: quota });
      } catch (e) {
        // The agent rolled back (or never started): the record must not outlive it.
        await this.mailboxes.remove(row.id);
        throw e;
      }
      this.log.info({ account: account.id, address }, 'mailbox created');
      return toView(row);
    });
  }

  async update(accountId: number, rawAddress: string, body: unknown): Promise<MailboxView> {
    const input = assertValid(validateUpdateMailbox, body);
    return this.mutate(accountId, async (account) => {
      const row = await this.find(account, rawAddress);
      await this.agent.updateMailbox({
        operation_id: randomUUID(), username: account.username, domain: domainOf(row), local_part: row.local_part,
        password: input.password ?? '', set_quota: input.quota_mb !== undefined, quota_mb: input.quota_mb ?? 0,
      });
      if (input.quota_mb !== undefined) await this.mailboxes.setQuota(row.id, input.quota_mb);
      else await this.mailboxes.touch(row.id);
      return toView((await this.mailboxes.get(account.id, row.address))!);
    });
  }

  async delete(accountId: number, rawAddress: string): Promise<void> {
    await this.mutate(accountId, async (account) => {
      const row = await this.find(account, rawAddress);
      // Host first: if the agent fails, the record (and the mailbox) are still there.
      await this.agent.deleteMailbox({ operation_id: randomUUID(), username: account.username, domain: domainOf(row), local_part: row.local_part });
      await this.mailboxes.remove(row.id);
      this.log.info({ account: account.id, address: row.address }, 'mailbox deleted');
    });
  }

  /** An address from the path: anything that cannot be this account's mailbox is 404. */
  private async find(account: AccountRecord, rawAddress: string): Promise<MailboxRecord> {
    const address = normaliseLocalPart(rawAddress);
    const suffix = (await this.mailDomains(account)).map((d) => `@${d}`).find((sfx) => address.endsWith(sfx));
    const local = suffix ? address.slice(0, -suffix.length) : '';
    const row = local && !mailLocalPartProblem(local) ? await this.mailboxes.get(account.id, address) : undefined;
    if (!row) throw new NotFoundError(`No mailbox ${rawAddress.slice(0, 300)}`);
    return row;
  }

  private async maxMailboxes(account: AccountRecord): Promise<number> {
    return (await this.packages.get(account.package_id))?.max_email_accounts ?? 0;
  }

  /** Reads are allowed on active and suspended accounts. */
  private async readable(id: number): Promise<AccountRecord> {
    return existingAccount(this.accounts, id);
  }

  /**
   * Changes only on active accounts. Not queued per account: the package limit is
   * counted under a row lock in the database and the agent serialises each address, so
   * parallel creates run in parallel (each waits ~1 s for Dovecot to see its login).
   */
  private async mutate<T>(accountId: number, work: (account: AccountRecord) => Promise<T>): Promise<T> {
    this.license.assertWritable();
    const account = await this.readable(accountId);
    assertChangeable(account, 'hosting');
    return work(account);
  }
}
