import { randomUUID } from 'node:crypto';
import {
  AgentNotAnsweringError, AgentUnavailableError, assertValid, ConflictError, hashPassword, HearthError, Laps, Logger, NotFoundError,
  normaliseDomain, normaliseEmail, ValidationError, validationDetails,
} from '@hearth/shared';
import type { AccountAgent } from '../agent/grpc-account-agent';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexPackageStore, PackageRecord } from '../stores/knex-package-store';
import type { AccountRecord, AccountStatus, NewAccount } from '../stores/account-record';
import type { LicenseService } from './license-service';
import { CreateAccountInput, validateAccountList, validateCreateAccount } from './account-schemas';
import { HiddenByScopeError } from './hidden-by-scope-error';
import { ALL, OwnerScope, Principal } from '../http/principal';
import type { AccountOwners } from './customer-service';

export interface AccountView {
  id: number;
  username: string;
  domain: string;
  email: string;
  status: AccountStatus;
  package_id: number;
  created_at: string;
}

export function toView(row: AccountRecord): AccountView {
  return {
    id: row.id, username: row.username, domain: row.domain, email: row.email,
    status: row.status, package_id: row.package_id, created_at: new Date(row.created_at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

export function limitsOf(pkg: PackageRecord) {
  return { php_version: pkg.php_versions[0] ?? '8.2', php_workers: pkg.php_workers, php_memory_mb: pkg.php_memory_mb, disk_quota_mb: pkg.disk_quota_mb };
}

/**
 * The account lifecycle. The panel row and the agent call are tied by operation_id:
 * the row is written first (status provisioning), the agent provisions, and the row
 * becomes active only after the agent answered; any failure removes the row again.
 */
export class AccountService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly packages: KnexPackageStore,
    private readonly agent: AccountAgent,
    private readonly license: LicenseService,
    private readonly log: Logger,
    /** Customers owning accounts; absent only in code paths that never see people. */
    private readonly owners?: AccountOwners,
  ) {}

  async create(body: unknown, principal?: Principal): Promise<AccountView> {
    const laps = new Laps();
    const { input, pkg, customerId } = await this.checkCreate(body, principal);
    laps.lap('check');
    const { accountLimit } = this.license.assertWritable();
    // A stopped or hung agent is answered with 503 now, before any row or hash is made.
    await this.agent.assertAnswering();
    const existingCustomer = this.owners && input.customer_id === undefined ? await this.owners.resolve(undefined, principal) : customerId;
    const domain = normaliseDomain(input.domain);
    laps.lap('ping');
    const password_hash = await hashPassword(input.password);
    laps.lap('hash');
    const row = await this.insertRow({
      username: input.username, domain, email: normaliseEmail(input.email),
      password_hash, package_id: pkg.id, operation_id: randomUUID(),
    }, accountLimit);
    laps.lap('insert');
    // The account's customer: the named one, or a new CUSTOMER whose login is the username
    // and whose password is the account's (seed 002: the panel login).
    let madeCustomer: number | null = null;
    this.inFlight.add(row.operation_id);
    try {
      if (this.owners && existingCustomer !== null) await this.owners.attach(row.id, existingCustomer);
      else if (this.owners) madeCustomer = await this.owners.createFor(row, principal);
      laps.lap('owner');
      await this.agent.createAccount({ operation_id: row.operation_id, username: row.username, domain, limits: limitsOf(pkg) });
      laps.lap('agent');
    } catch (e) {
      const outcome = await this.settleAfterFailure(row, e);
      if (outcome === 'succeeded') {
        await this.accounts.transition(row.id, ['provisioning'], 'active');
        return toView({ ...row, status: 'active' });
      }
      if (outcome === 'removed' && madeCustomer !== null) await this.owners!.discard(madeCustomer).catch((err) => this.log.warn({ err }, 'customer not discarded'));
      throw e;
    } finally {
      this.inFlight.delete(row.operation_id);
    }
    await this.accounts.transition(row.id, ['provisioning'], 'active');
    laps.lap('activate');
    // Where a create's time goes, layer by layer (bench/README.md).
    this.log.debug({ username: row.username, ms: laps.all }, 'account created');
    return toView({ ...row, status: 'active' });
  }

  /**
   * The body's shape and what it refers to (the package, a named customer), in one 422 that
   * lists every bad field: an unknown package_id or customer_id is reported together with the
   * schema's findings, not after them.
   */
  private async checkCreate(body: unknown, principal?: Principal): Promise<{ input: CreateAccountInput; pkg: PackageRecord; customerId: number | null }> {
    const details = validationDetails(validateCreateAccount, body);
    const { package_id: packageId, customer_id: customerId } = (body ?? {}) as { package_id?: unknown; customer_id?: unknown };
    let pkg: PackageRecord | undefined;
    if (typeof packageId === 'number' && !details.some((d) => d.field === 'package_id')) {
      pkg = await this.packages.get(packageId);
      if (!pkg) details.push({ field: 'package_id', message: `must name an existing package (there is no package ${packageId})` });
    }
    let customer: number | null = null;
    if (this.owners && typeof customerId === 'number' && !details.some((d) => d.field === 'customer_id')) {
      try {
        customer = await this.owners.resolve(customerId, principal);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        details.push(...(e.details as typeof details));
      }
    }
    if (details.length > 0 || !pkg) throw new ValidationError('Request is invalid', details);
    return { input: body as CreateAccountInput, pkg, customerId: customer };
  }

  /**
   * Inserts the provisioning row. A conflict with a stale provisioning row (a create whose
   * answer was lost with the agent, and which no request of this process still serves) is
   * settled first by asking the agent, so a retry is not refused because of it.
   */
  private async insertRow(row: NewAccount, limit: number | null): Promise<AccountRecord> {
    try {
      return await this.accounts.insertProvisioning(row, limit);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const stale = (await this.accounts.provisioningFor(row.username, row.domain)).filter((r) => !this.inFlight.has(r.operation_id));
      for (const r of stale) {
        const op = await this.agent.getOperation(r.operation_id).catch(() => null);
        // Its fate is unknowable right now: "retry later" is the truthful answer, not 409.
        if (!op || op.state === 'running') throw new AgentUnavailableError();
        if (op.state === 'failed' || op.state === 'unknown') {
          await this.accounts.remove(r.id);
        } else if (op.state === 'succeeded') {
          await this.accounts.transition(r.id, ['provisioning'], 'active');
        }
      }
      // Once more: the clash may be gone (settled above, or by reconciliation meanwhile);
      // a clash that is still there answers the same conflict again.
      return this.accounts.insertProvisioning(row, limit);
    }
  }

  /** Operation ids this process is waiting on; reconciliation leaves their rows alone. */
  readonly inFlight = new Set<string>();

  /**
   * After a failed agent call the row must agree with the host. A refusal or a rolled-back
   * failure, or a request that never reached the agent, leaves nothing: the row goes.
   * When the connection broke mid-call the agent is asked what became of the operation;
   * if it cannot say (it is down), the row is kept as "provisioning" and reconciliation
   * settles it once the agent is back (it finishes or rolls back before serving).
   */
  private async settleAfterFailure(row: AccountRecord, cause: unknown): Promise<'succeeded' | 'removed' | 'kept'> {
    const uncertain = (cause instanceof AgentUnavailableError && cause.delivered !== false) || !(cause instanceof HearthError);
    if (cause instanceof AgentNotAnsweringError) {
      // Asking an agent that just stopped answering would only wait: reconciliation asks later.
      this.log.warn({ account: row.username, op: row.operation_id }, 'agent stopped answering; row kept for reconciliation');
      return 'kept';
    }
    if (uncertain) {
      const known = await this.agent.getOperation(row.operation_id).catch(() => null);
      if (known?.state === 'succeeded') return 'succeeded';
      if (!known || known.state === 'running') {
        this.log.warn({ account: row.username, op: row.operation_id }, 'outcome unknown; row kept for reconciliation');
        return 'kept';
      }
    }
    await this.accounts.remove(row.id);
    return 'removed';
  }

  async get(id: number, scope: OwnerScope = ALL): Promise<AccountView> {
    return toView(await this.find(id, scope));
  }

  /** GET /accounts?page=&per_page=&username=: the accounts the scope may see, oldest first. */
  async list(query: unknown, scope: OwnerScope = ALL): Promise<{ data: AccountView[]; meta: object }> {
    const q = assertValid(validateAccountList, query, 'Query');
    const page = Number(q.page ?? 1);
    const perPage = Number(q.per_page ?? 25);
    const owner = scope.kind === 'reseller' ? { resellerId: scope.resellerId } : scope.kind === 'customer' ? { customerId: scope.customerId } : {};
    const { rows, total } = await this.accounts.list((page - 1) * perPage, perPage, owner, q.username);
    return { data: rows.map(toView), meta: { page, per_page: perPage, total, pages: Math.ceil(total / perPage) } };
  }

  async delete(id: number, scope: OwnerScope = ALL): Promise<void> {
    this.license.assertWritable();
    const row = await this.find(id, scope);
    await this.agent.assertAnswering();
    const operationId = randomUUID();
    if (!(await this.accounts.transition(id, ['active', 'suspended', 'deleting'], 'deleting', operationId))) {
      throw new ConflictError('The account is being provisioned; retry shortly');
    }
    this.inFlight.add(operationId);
    try {
      await this.agent.deleteAccount({ operation_id: operationId, username: row.username, domain: row.domain });
    } catch (e) {
      // Deletes only ever go forward: once the agent may have started one (the connection
      // broke, or a step failed after earlier ones ran), the row stays "deleting" so a
      // retry or reconciliation finishes it. A refusal, or a request that never reached
      // the agent, leaves the account as it was.
      const refused = e instanceof NotFoundError || e instanceof ConflictError || e instanceof ValidationError
        || (e instanceof AgentUnavailableError && e.delivered === false);
      if (refused && row.status !== 'deleting') await this.accounts.transition(id, ['deleting'], row.status);
      throw e;
    } finally {
      this.inFlight.delete(operationId);
    }
    await this.accounts.remove(id);
  }

  suspend(id: number, scope: OwnerScope = ALL): Promise<AccountView> {
    return this.toggle(id, 'active', 'suspended', (ref) => this.agent.suspendAccount(ref), scope);
  }

  unsuspend(id: number, scope: OwnerScope = ALL): Promise<AccountView> {
    return this.toggle(id, 'suspended', 'active', (ref) => this.agent.unsuspendAccount(ref), scope);
  }

  private async toggle(id: number, from: AccountStatus, to: AccountStatus, call: (ref: { operation_id: string; username: string; domain: string }) => Promise<unknown>, scope: OwnerScope = ALL): Promise<AccountView> {
    this.license.assertWritable();
    const row = await this.find(id, scope);
    if (row.status !== from) throw new ConflictError(`The account is ${row.status}`, [{ field: 'status', message: `is ${row.status}` }]);
    await this.agent.assertAnswering();
    await call({ operation_id: randomUUID(), username: row.username, domain: row.domain });
    if (!(await this.accounts.transition(id, [from], to))) throw new ConflictError('The account changed meanwhile');
    return toView({ ...row, status: to });
  }

  /**
   * The account's row, for services that act on it (package, usage): outside the principal's
   * scope is answered exactly like absent (and audited as denied).
   */
  async find(id: number, scope: OwnerScope = ALL): Promise<AccountRecord> {
    const row = await this.accounts.get(id);
    if (!row || row.status === 'provisioning') throw new NotFoundError(`No account with id ${id}`);
    if (scope.kind !== 'all' && !(this.owners && (await this.owners.canSeeAccount(row, scope)))) {
      throw new HiddenByScopeError(`No account with id ${id}`);
    }
    return row;
  }
}
