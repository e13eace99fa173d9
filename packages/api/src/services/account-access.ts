import { ConflictError, NotFoundError } from '@hearth/shared';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { AccountRecord, AccountStatus } from '../stores/account-record';

/**
 * What a change to an account's resources touches, which decides in which states it is allowed:
 * - `hosting`: what the customer's site and mail run on (mailboxes, databases, subaccounts,
 *   UAPI writes): only while the account is active — a suspended account is frozen.
 * - `naming`: its DNS records and certificates, which an operator may still need to fix on a
 *   suspended account (to point a domain away, or renew before unsuspending): any state but
 *   being deleted.
 */
export type AccountChange = 'hosting' | 'naming';

const ALLOWED: Record<AccountChange, readonly AccountStatus[]> = {
  hosting: ['active'],
  naming: ['active', 'suspended'],
};

/** The one rule for "may this account be changed now"; throws 409 naming the state when not. */
export function assertChangeable(account: AccountRecord, change: AccountChange): void {
  if (ALLOWED[change].includes(account.status)) return;
  const state = account.status === 'deleting' ? 'being deleted' : account.status;
  throw new ConflictError(`The account is ${state}`, [{ field: 'status', message: `is ${account.status}` }]);
}

/** The account a /accounts/{id}/… request names; one still being provisioned does not exist yet. */
export async function existingAccount(accounts: KnexAccountStore, id: number): Promise<AccountRecord> {
  const row = await accounts.get(id);
  if (!row || row.status === 'provisioning') throw new NotFoundError(`No account with id ${id}`);
  return row;
}

/** The account, checked for `change` when the request writes. */
export async function accountFor(accounts: KnexAccountStore, id: number, change: AccountChange | null): Promise<AccountRecord> {
  const row = await existingAccount(accounts, id);
  if (change) assertChangeable(row, change);
  return row;
}
