import { assertValid, ConflictError, ForbiddenError, ValidationError } from '@hearth/shared';
import { HiddenByScopeError } from './hidden-by-scope-error';
import { ALL, canSee, OwnerScope, ownerScope, Principal } from '../http/principal';
import type { AccountRecord } from '../stores/account-record';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexSessionStore } from '../stores/knex-session-store';
import type { PersonRecord, KnexUserStore } from '../stores/knex-user-store';
import type { PeopleService } from './people-service';
import { validateDeleteQuery } from './people-schemas';

/** What AccountService needs to know about the owner of an account. */
export interface AccountOwners {
  /** A named existing customer the principal may use, or null: create one for the account. */
  resolve(customerId: number | undefined, principal: Principal | undefined): Promise<number | null>;
  /** Creates the account's CUSTOMER (login = username, same password hash) and attaches it. */
  createFor(account: AccountRecord, principal: Principal | undefined): Promise<number>;
  attach(accountId: number, customerId: number): Promise<void>;
  /** Removes a customer made for an account that did not come to exist. */
  discard(customerId: number): Promise<void>;
  /** May this scope see the account? (false: answer 404) */
  canSeeAccount(account: AccountRecord, scope: OwnerScope): Promise<boolean>;
}

export interface CustomerDeletion {
  deletedAt: Date;
}

/**
 * Customers: the owners of hosting accounts, and their deletion as seed 003 describes
 * (soft by default, cascade through the agent on request, hard for ADMIN only).
 */
export class CustomerService implements AccountOwners {
  private deleteAccount: ((id: number) => Promise<void>) | null = null;

  constructor(
    private readonly people: KnexUserStore,
    private readonly sessions: KnexSessionStore,
    private readonly accounts: KnexAccountStore,
    private readonly peopleService: PeopleService,
  ) {}

  /** AccountService and this service use each other; the account side is wired after construction. */
  useAccountDeletion(fn: (id: number) => Promise<void>): void {
    this.deleteAccount = fn;
  }

  async resolve(customerId: number | undefined, principal: Principal | undefined): Promise<number | null> {
    if (customerId === undefined) {
      if (principal && ownerScope(principal).kind === 'customer') throw new ForbiddenError('A customer cannot create accounts');
      return null;
    }
    const c = await this.people.get(customerId);
    const scope = principal ? ownerScope(principal) : ALL;
    if (!c || c.role !== 'CUSTOMER' || c.status !== 'active' || !canSee(scope, { customerId: c.id, resellerId: c.reseller_id })) {
      // The same answer whether absent or someone else's.
      throw new ValidationError('Request is invalid', [{ field: 'customer_id', message: 'must name an existing customer' }]);
    }
    return c.id;
  }

  async createFor(account: AccountRecord, principal: Principal | undefined): Promise<number> {
    const resellerId = principal ? await this.peopleService.resellerForNewCustomer(undefined, principal) : null;
    // Terminate, then order the same username again (a billing system's re-order): the
    // customer left without accounts, in the same reseller's scope, takes the new account
    // and the new password instead of blocking the login.
    const idle = await this.people.findActiveByLogin(account.username);
    if (idle && idle.role === 'CUSTOMER' && (idle.reseller_id ?? null) === resellerId && (await this.accounts.ofCustomer(idle.id)).length === 0) {
      await this.people.update(idle.id, { password_hash: account.password_hash, email: account.email });
      await this.sessions.revokeAllOf(idle.id); // a password change ends every session
      await this.attach(account.id, idle.id);
      return idle.id;
    }
    const person = await this.people.insert({
      role: 'CUSTOMER', login: account.username, password_hash: account.password_hash, email: account.email, reseller_id: resellerId,
    });
    await this.accounts.markCreatedFor(person.id, account.id);
    await this.attach(account.id, person.id);
    return person.id;
  }

  attach(accountId: number, customerId: number): Promise<void> {
    return this.accounts.setCustomer(accountId, customerId);
  }

  /** Only a person made for an account that was never provisioned is removed. */
  async discard(customerId: number): Promise<void> {
    const person = (await this.people.get(customerId)) as (PersonRecord & { created_for_account?: number | null }) | undefined;
    if (person?.created_for_account && (await this.accounts.ofCustomer(customerId)).length === 0) await this.people.remove(customerId);
  }

  async canSeeAccount(account: AccountRecord, scope: OwnerScope): Promise<boolean> {
    if (scope.kind === 'all') return true;
    const customerId = (account as AccountRecord & { customer_id?: number | null }).customer_id ?? null;
    if (customerId === null) return false;
    if (scope.kind === 'customer') return customerId === scope.customerId;
    const customer = await this.people.get(customerId);
    return canSee(scope, { customerId, resellerId: customer?.reseller_id ?? null });
  }

  /**
   * DELETE /customers/{id}. 409 while hosting accounts exist unless `cascade`: then each
   * account is terminated through the agent first (AccountService.delete), stopping at
   * the first failure with the customer kept. Soft delete: record kept, login disabled,
   * sessions revoked. `hard` (ADMIN only): the record and its personal data are removed;
   * the audit entries (another database) stay.
   */
  async delete(id: number, actor: Principal, query: unknown): Promise<CustomerDeletion> {
    const q = assertValid(validateDeleteQuery, query, 'Query');
    const hard = q.hard === 'true';
    const cascade = q.cascade === 'true';
    if (ownerScope(actor).kind === 'customer') throw new ForbiddenError('A customer cannot delete customers');
    if (hard && actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN can hard-delete a customer');
    const customer = await this.peopleService.find('CUSTOMER', id, actor, hard);
    const accounts = await this.accounts.ofCustomer(id);
    if (accounts.length > 0 && !cascade) {
      throw new ConflictError(`The customer still has ${accounts.length} hosting account(s); delete them or pass cascade=true`);
    }
    for (const account of accounts) {
      if (account.status === 'provisioning') throw new ConflictError(`Account ${account.username} is being provisioned; retry shortly`);
      if (!this.deleteAccount) throw new Error('account deletion not wired');
      await this.deleteAccount(account.id);
    }
    const deletedAt = new Date();
    await this.sessions.revokeAllOf(customer.id);
    if (hard) await this.people.remove(customer.id);
    else await this.people.markDeleted(customer.id, deletedAt);
    return { deletedAt };
  }

  /** Visible check for nested /accounts/{id}/… routes of every module: hidden answers 404. */
  async assertAccountVisible(accountId: number, principal: Principal): Promise<void> {
    const scope = ownerScope(principal);
    if (scope.kind === 'all') return;
    const account = await this.accounts.get(accountId);
    if (!account) return; // absent: the route answers 404 itself
    if (!(await this.canSeeAccount(account, scope))) throw new HiddenByScopeError(`No account with id ${accountId}`);
  }
}
