import { NotFoundError } from '@hearth/shared';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { AccountRecord } from '../stores/account-record';

/** The account a /accounts/{id}/… request names; one still being provisioned does not exist yet. */
export async function existingAccount(accounts: KnexAccountStore, id: number): Promise<AccountRecord> {
  const row = await accounts.get(id);
  if (!row || row.status === 'provisioning') throw new NotFoundError(`No account with id ${id}`);
  return row;
}
