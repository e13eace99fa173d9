import type { Knex } from 'knex';
import { ConflictError, PackageLimitError, parentDomains } from '@hearth/shared';
import { isDuplicateKey } from '../db';
import { belowDomainPattern, reversedDomain } from './reversed-domain';

export type DomainType = 'addon' | 'subdomain' | 'alias';
export type DomainStatus = 'provisioning' | 'active' | 'removing';

export interface AccountDomainRecord {
  id: number;
  account_id: number;
  domain: string;
  type: DomainType;
  document_root: string;
  target: string | null;
  status: DomainStatus;
  operation_id: string;
  created_at: Date;
  updated_at: Date;
}

export type NewAccountDomain = Pick<AccountDomainRecord, 'account_id' | 'domain' | 'type' | 'document_root' | 'target' | 'operation_id'>;

/** The package limits a new domain is counted against (0 = unlimited). */
export interface DomainLimits {
  /** Every domain that is not a subdomain, the primary included. */
  maxDomains: number;
  maxSubdomains: number;
}

/**
 * The first domain of another account (primary or added) that equals `domain`, is a parent
 * of it or lies below it. Both tables are asked by index: names and parents by equality,
 * names below by a prefix range of the reversed form.
 */
export async function otherAccountsOverlap(db: Knex | Knex.Transaction, domain: string, exceptAccountId: number | null): Promise<string | null> {
  const names = [domain, ...parentDomains(domain)];
  const below = belowDomainPattern(domain);
  const primary = await db('accounts')
    .where((q) => q.whereIn('domain', names).orWhere('domain_reversed', 'like', below))
    .modify((q) => { if (exceptAccountId !== null) q.whereNot({ id: exceptAccountId }); })
    .first('domain');
  if (primary) return primary.domain as string;
  const added = await db('account_domains')
    .where((q) => q.whereIn('domain', names).orWhere('domain_reversed', 'like', below))
    .modify((q) => { if (exceptAccountId !== null) q.whereNot({ account_id: exceptAccountId }); })
    .first('domain');
  return added ? (added.domain as string) : null;
}

export class KnexAccountDomainStore {
  constructor(private readonly db: Knex) {}

  async list(accountId: number): Promise<AccountDomainRecord[]> {
    return this.db<AccountDomainRecord>('account_domains').where({ account_id: accountId }).orderBy('id');
  }

  /** What the package's limits count: domains (the primary included) and subdomains. */
  async counts(accountId: number): Promise<{ domains: number; subdomains: number }> {
    const rows = await this.db<AccountDomainRecord>('account_domains').where({ account_id: accountId }).select('type');
    const subdomains = rows.filter((r) => r.type === 'subdomain').length;
    return { domains: 1 + rows.length - subdomains, subdomains };
  }

  async get(accountId: number, domain: string): Promise<AccountDomainRecord | undefined> {
    return this.db<AccountDomainRecord>('account_domains').where({ account_id: accountId, domain }).first();
  }

  /**
   * Inserts a provisioning row under the create lock (the one account creation takes), after
   * checking that no other account holds the name, a parent or a name below it, that this
   * account does not have it yet, and the package's limits. The unique key settles races.
   */
  async insertProvisioning(row: NewAccountDomain, primary: string, limits: DomainLimits): Promise<AccountDomainRecord> {
    try {
      return await this.db.transaction(async (trx) => {
        await trx('create_lock').where({ id: 1 }).forUpdate().first();
        if (row.domain === primary) throw new ConflictError(`${row.domain} is the account's primary domain`, [{ field: 'domain', message: 'is already this account\'s primary domain' }]);
        const clash = await otherAccountsOverlap(trx, row.domain, row.account_id);
        if (clash) throw new ConflictError(`Domain ${row.domain} overlaps ${clash}, which another account uses`, [{ field: 'domain', message: 'is already in use' }]);
        const own = await trx<AccountDomainRecord>('account_domains').where({ account_id: row.account_id }).select('domain', 'type');
        if (own.some((d) => d.domain === row.domain)) throw new ConflictError(`The account already has ${row.domain}`, [{ field: 'domain', message: 'is already this account\'s' }]);
        if (row.type === 'subdomain') {
          const used = own.filter((d) => d.type === 'subdomain').length;
          if (limits.maxSubdomains > 0 && used >= limits.maxSubdomains) {
            throw new PackageLimitError('subdomain_limit_reached', `The package allows ${limits.maxSubdomains} subdomains`, limits.maxSubdomains);
          }
        } else {
          const used = 1 + own.filter((d) => d.type !== 'subdomain').length;
          if (limits.maxDomains > 0 && used >= limits.maxDomains) {
            throw new PackageLimitError('domain_limit_reached', `The package allows ${limits.maxDomains} domains (the primary domain included)`, limits.maxDomains);
          }
        }
        const [id] = await trx('account_domains').insert({ ...row, domain_reversed: reversedDomain(row.domain), status: 'provisioning' });
        return (await trx<AccountDomainRecord>('account_domains').where({ id }).first())!;
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError(`Domain ${row.domain} is already in use on this server`, [{ field: 'domain', message: 'is already in use' }]);
      throw e;
    }
  }

  /** Rows whose agent operation may have outcomes the panel has not recorded. */
  async unsettled(olderThanSeconds: number): Promise<AccountDomainRecord[]> {
    return this.db<AccountDomainRecord>('account_domains')
      .whereIn('status', ['provisioning', 'removing'])
      .andWhere('updated_at', '<=', this.db.raw('NOW() - INTERVAL ? SECOND', [olderThanSeconds]));
  }

  async setOperation(id: number, operationId: string): Promise<void> {
    await this.db('account_domains').where({ id }).update({ operation_id: operationId, updated_at: this.db.fn.now() });
  }

  async setStatus(id: number, status: DomainStatus): Promise<void> {
    await this.db('account_domains').where({ id }).update({ status, updated_at: this.db.fn.now() });
  }

  async setDocumentRoot(id: number, documentRoot: string): Promise<void> {
    await this.db('account_domains').where({ id }).update({ document_root: documentRoot, updated_at: this.db.fn.now() });
  }

  /** An alias follows its target's document root. */
  async setAliasRoots(accountId: number, target: string, documentRoot: string): Promise<void> {
    await this.db('account_domains').where({ account_id: accountId, type: 'alias', target }).update({ document_root: documentRoot, updated_at: this.db.fn.now() });
  }

  async remove(id: number): Promise<void> {
    await this.db('account_domains').where({ id }).delete();
  }

  /** After the agent removed the domain (and its mail domain): the row and its mailboxes' rows. */
  async removeWithMailboxes(row: AccountDomainRecord): Promise<void> {
    await this.db.transaction(async (trx) => {
      const pattern = `%@${row.domain.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
      await trx('mailboxes').where({ account_id: row.account_id }).andWhere('address', 'like', pattern).delete();
      await trx('account_domains').where({ id: row.id }).delete();
    });
  }
}
