import { randomUUID } from 'node:crypto';
import {
  AgentUnavailableError, ConflictError, HearthError, Logger, NotFoundError, ValidationError,
  normaliseDocumentRoot, normaliseDomain, validationDetails, assertValid,
} from '@hearth/shared';
import type { AccountAgent } from '../agent/grpc-account-agent';
import type { DomainsAgent } from '../agent/grpc-domains-client';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexPackageStore } from '../stores/knex-package-store';
import type { AccountDomainRecord, KnexAccountDomainStore } from '../stores/knex-account-domain-store';
import type { AccountRecord } from '../stores/account-record';
import type { LicenseService } from './license-service';
import { accountFor, existingAccount } from './account-access';
import { CreateDomainBody, validateCreateDomain, validateUpdateDomain } from './account-domain-schemas';

export interface AccountDomainView {
  domain: string;
  type: AccountDomainRecord['type'];
  document_root: string;
  target: string | null;
  status: AccountDomainRecord['status'];
  created_at: string;
}

export function toDomainView(r: AccountDomainRecord): AccountDomainView {
  return {
    domain: r.domain, type: r.type, document_root: r.document_root, target: r.target, status: r.status,
    created_at: new Date(r.created_at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function below(name: string, parent: string): boolean {
  return name.endsWith(`.${parent}`);
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError('Request is invalid', [{ field, message }]);
}

/** A domain from the path: anything that cannot be a domain is 404, like an absent one. */
export function domainParam(value: string | string[] | undefined): string {
  if (typeof value !== 'string' || value.length > 254) throw new NotFoundError('Not found');
  return normaliseDomain(value);
}

/**
 * An account's addon domains, subdomains and aliases. Like account creation, the panel
 * row is written first (under the create lock, where overlaps with every other account's
 * domains and the package's max_domains / max_subdomains are checked), the agent builds
 * the domain in one journaled operation, and the row becomes active only after it
 * answered; a refusal or a rolled-back failure removes the row again.
 */
export class AccountDomainService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly packages: KnexPackageStore,
    private readonly domains: KnexAccountDomainStore,
    private readonly agent: DomainsAgent,
    private readonly accountAgent: Pick<AccountAgent, 'assertAnswering' | 'getOperation'>,
    private readonly license: LicenseService,
    private readonly log: Logger,
  ) {}

  async list(accountId: number): Promise<{ data: AccountDomainView[]; meta: object }> {
    const account = await existingAccount(this.accounts, accountId);
    const [rows, pkg] = await Promise.all([this.domains.list(account.id), this.packages.get(account.package_id)]);
    return {
      data: rows.map(toDomainView),
      meta: { total: rows.length, main_domain: account.domain, max_domains: pkg?.max_domains ?? 0, max_subdomains: pkg?.max_subdomains ?? 0 },
    };
  }

  async get(accountId: number, domain: string): Promise<AccountDomainView> {
    const account = await existingAccount(this.accounts, accountId);
    return toDomainView(await this.find(account, domain));
  }

  async create(accountId: number, body: unknown): Promise<AccountDomainView> {
    const details = validationDetails(validateCreateDomain, body);
    if (details.length) throw new ValidationError('Request is invalid', details);
    const input = body as CreateDomainBody;
    this.license.assertWritable();
    const account = await accountFor(this.accounts, accountId, 'hosting');
    const own = await this.domains.list(account.id);
    const plan = this.plan(account, own, input);
    await this.accountAgent.assertAnswering();
    const pkg = await this.packages.get(account.package_id);
    const row = await this.domains.insertProvisioning(
      { account_id: account.id, operation_id: randomUUID(), ...plan },
      account.domain,
      { maxDomains: pkg?.max_domains ?? 0, maxSubdomains: pkg?.max_subdomains ?? 0 },
    );
    this.inFlight.add(row.operation_id);
    try {
      await this.agent.addDomain({
        operation_id: row.operation_id, username: account.username, account_domain: account.domain,
        domain: row.domain, type: row.type, document_root: row.type === 'alias' ? '' : row.document_root, target: row.target ?? '',
      });
    } catch (e) {
      if ((await this.settleAfterFailure(row, e)) !== 'succeeded') throw e;
    } finally {
      this.inFlight.delete(row.operation_id);
    }
    await this.domains.setStatus(row.id, 'active');
    this.log.info({ account: account.id, domain: row.domain, type: row.type }, 'domain added');
    return toDomainView({ ...row, status: 'active' });
  }

  /**
   * What the body asks for, checked against the account's own domains (422 before any
   * change). Overlaps with other accounts and the limits are checked under the lock.
   */
  private plan(account: AccountRecord, own: AccountDomainRecord[], input: CreateDomainBody): Pick<AccountDomainRecord, 'domain' | 'type' | 'document_root' | 'target'> {
    const domain = normaliseDomain(input.domain);
    const zones = [account.domain, ...own.filter((d) => d.type === 'addon').map((d) => d.domain)];
    const served = [account.domain, ...own.map((d) => d.domain)];
    const www = served.find((d) => domain === `www.${d}`);
    if (www) throw invalid('domain', `is already served as part of ${www} (every site answers its www name too)`);
    if (input.type !== 'alias' && input.target !== undefined) throw invalid('target', 'is only for type alias');
    if (input.type === 'alias' && input.document_root !== undefined) throw invalid('document_root', 'an alias serves its target\'s document root');
    if (input.type === 'subdomain' && !zones.some((z) => below(domain, z))) {
      throw invalid('domain', `must be below a domain of this account (${zones.join(', ')})`);
    }
    if (input.type === 'addon') {
      const parent = served.find((d) => below(domain, d));
      if (parent) throw invalid('domain', `is below ${parent}, which this account has: add it as type subdomain`);
    }
    if (input.type === 'alias') {
      if (input.target === undefined) throw invalid('target', 'is required for type alias');
      const target = normaliseDomain(input.target);
      const t = target === account.domain ? { document_root: 'public_html' } : own.find((d) => d.domain === target && d.type !== 'alias' && d.status === 'active');
      if (!t) throw invalid('target', 'must be the primary domain, an addon domain or a subdomain of this account');
      return { domain, type: 'alias', document_root: t.document_root, target };
    }
    return { domain, type: input.type, document_root: normaliseDocumentRoot(input.document_root ?? domain), target: null };
  }

  /** As for account creation: the row must agree with the host after a failed call. */
  private async settleAfterFailure(row: AccountDomainRecord, cause: unknown): Promise<'succeeded' | 'removed' | 'kept'> {
    const uncertain = (cause instanceof AgentUnavailableError && cause.delivered !== false) || !(cause instanceof HearthError);
    if (uncertain) {
      const known = await this.accountAgent.getOperation(row.operation_id).catch(() => null);
      if (known?.state === 'succeeded') return 'succeeded';
      if (!known || known.state === 'running') {
        this.log.warn({ domain: row.domain, op: row.operation_id }, 'outcome unknown; domain row kept as provisioning');
        return 'kept';
      }
    }
    await this.domains.remove(row.id);
    return 'removed';
  }

  async update(accountId: number, domain: string, body: unknown): Promise<AccountDomainView> {
    const input = assertValid(validateUpdateDomain, body);
    this.license.assertWritable();
    const account = await accountFor(this.accounts, accountId, 'hosting');
    const row = await this.find(account, domain);
    if (row.type === 'alias') throw invalid('document_root', 'an alias serves its target\'s document root; change the target\'s');
    if (row.status !== 'active') throw new ConflictError(`The domain is ${row.status}`);
    const root = normaliseDocumentRoot(input.document_root);
    await this.accountAgent.assertAnswering();
    await this.agent.updateDomain({ operation_id: randomUUID(), username: account.username, account_domain: account.domain, domain: row.domain, document_root: root });
    await this.domains.setDocumentRoot(row.id, root);
    await this.domains.setAliasRoots(account.id, row.domain, root);
    return toDomainView({ ...row, document_root: root });
  }

  async delete(accountId: number, domain: string): Promise<void> {
    this.license.assertWritable();
    const account = await accountFor(this.accounts, accountId, 'hosting');
    const row = await this.find(account, domain);
    const dependants = (await this.domains.list(account.id))
      .filter((d) => d.target === row.domain || (row.type === 'addon' && below(d.domain, row.domain)))
      .map((d) => d.domain);
    if (dependants.length) {
      throw new ConflictError(`Remove ${dependants.join(', ')} first: they depend on ${row.domain}`, [{ field: 'domain', message: `has dependants: ${dependants.join(', ')}` }]);
    }
    await this.accountAgent.assertAnswering();
    const operationId = randomUUID();
    await this.domains.setOperation(row.id, operationId);
    await this.domains.setStatus(row.id, 'removing');
    // Removal rolls forward on the agent; a failed call leaves the row "removing" for reconciliation.
    this.inFlight.add(operationId);
    try {
      await this.agent.removeDomain({ operation_id: operationId, username: account.username, account_domain: account.domain, domain: row.domain });
    } catch (e) {
      const refused = e instanceof NotFoundError || e instanceof ConflictError || e instanceof ValidationError
        || (e instanceof AgentUnavailableError && e.delivered === false);
      if (refused) await this.domains.setStatus(row.id, 'active');
      throw e;
    } finally {
      this.inFlight.delete(operationId);
    }
    await this.domains.removeWithMailboxes(row);
    this.log.info({ account: account.id, domain: row.domain }, 'domain removed');
  }

  /** Operations this process is still waiting on: their rows are not unsettled. */
  readonly inFlight = new Set<string>();

  /**
   * Reconciliation (ReconcileService runs it): a row whose agent call got no answer (the
   * agent was killed, the API died) is made to agree with the host. An add that succeeded
   * becomes active, one that failed or never arrived goes; a removal that finished drops the
   * row, one that failed is run forward again, one that never arrived leaves it active.
   */
  async settle(olderThanSeconds: number): Promise<number> {
    let settled = 0;
    for (const row of await this.domains.unsettled(olderThanSeconds)) {
      if (this.inFlight.has(row.operation_id)) continue;
      const op = await this.accountAgent.getOperation(row.operation_id);
      if (op.state === 'running') continue;
      if (row.status === 'provisioning') {
        if (op.state === 'succeeded') await this.domains.setStatus(row.id, 'active');
        else await this.domains.remove(row.id);
      } else if (op.state === 'succeeded') {
        await this.domains.removeWithMailboxes(row);
      } else if (op.state === 'failed') {
        const account = await this.accounts.get(row.account_id);
        if (!account) continue;
        const operationId = randomUUID();
        await this.domains.setOperation(row.id, operationId);
        await this.agent.removeDomain({ operation_id: operationId, username: account.username, account_domain: account.domain, domain: row.domain });
        await this.domains.removeWithMailboxes(row);
      } else {
        await this.domains.setStatus(row.id, 'active');
      }
      this.log.info({ domain: row.domain, op: op.state, was: row.status }, 'settled domain row');
      settled++;
    }
    return settled;
  }

  private async find(account: AccountRecord, domain: string): Promise<AccountDomainRecord> {
    const row = domain ? await this.domains.get(account.id, domain) : undefined;
    if (!row || row.status === 'provisioning') throw new NotFoundError(`No domain ${domain.slice(0, 300)} on this account`);
    return row;
  }
}
