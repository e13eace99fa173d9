import { assertValid, ConflictError, createAjv, hashPassword } from '@hearth/shared';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexSessionStore } from '../stores/knex-session-store';
import type { LicenseService } from './license-service';
import type { AccountService, AccountView } from './account-service';
import { ALL, OwnerScope } from '../http/principal';

const ajv = createAjv();
const validatePassword = ajv.compile<{ password: string }>({
  type: 'object',
  additionalProperties: false,
  required: ['password'],
  properties: { password: { type: 'string', maxLength: 1024, format: 'hearth-password' } },
});

/**
 * POST /accounts/{id}/password: the account's own password. What holds it is the panel:
 * the account row and the customer login made with the account (the panel login and the
 * UAPI Basic login both check that customer's password). Nothing on the host holds it —
 * the Linux user has no password, and every FTP, Web Disk and mail login is a subaccount
 * with its own password — so no agent operation is needed, and subaccounts keep theirs.
 * A new password ends every session of that customer.
 */
export class AccountPasswordService {
  constructor(
    private readonly accounts: AccountService,
    private readonly store: KnexAccountStore,
    private readonly sessions: KnexSessionStore,
    private readonly license: LicenseService,
  ) {}

  async change(id: number, body: unknown, scope: OwnerScope = ALL): Promise<AccountView> {
    this.license.assertWritable();
    const account = await this.accounts.get(id, scope);
    const { password } = assertValid(validatePassword, body);
    if (account.status !== 'active' && account.status !== 'suspended') {
      throw new ConflictError(`The account is ${account.status}`, [{ field: 'status', message: `is ${account.status}` }]);
    }
    const person = await this.store.setPassword(id, account.username, await hashPassword(password));
    if (person !== null) await this.sessions.revokeAllOf(person);
    return account;
  }
}
