import { createHash, randomUUID } from 'node:crypto';
import { hashPassword, UnauthorizedError, verifyPassword } from '@hearth/shared';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexUserStore } from '../stores/knex-user-store';
import type { KnexUapiTokenStore } from '../stores/knex-uapi-token-store';
import type { AccountRecord } from '../stores/account-record';
import { LoginThrottle, throttled } from './login-throttle';

/** Verified against when the account does not exist, so timing does not tell which exist. */
const DUMMY_HASH = hashPassword(randomUUID());

/**
 * Who calls /execute/…: the hosting account's owner, as cPanel clients authenticate.
 * - `Basic base64(user:password)`: the account's username and its customer's password
 *   (the person seed 002 creates with the account), throttled like the panel login.
 * - `cpanel user:TOKEN`: a token bound to that account (uapi_tokens).
 * Either answers the account, or 401 with nothing that tells which part was wrong.
 */
export class UapiAuthService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly people: KnexUserStore,
    private readonly tokens: KnexUapiTokenStore,
    private readonly throttle: LoginThrottle,
  ) {}

  async authenticate(header: string | undefined, sourceIp: string): Promise<AccountRecord> {
    const basic = /^Basic ([A-Za-z0-9+/=]{1,2048})$/i.exec(header ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) throw new UnauthorizedError('Invalid credentials');
      return this.byPassword(decoded.slice(0, colon).toLowerCase(), decoded.slice(colon + 1), sourceIp);
    }
    const cpanel = /^cpanel ([a-z][a-z0-9]{2,31}):([A-Z0-9]{32})$/.exec(header ?? '');
    if (cpanel) return this.byToken(cpanel[1], cpanel[2]);
    throw new UnauthorizedError('Authentication required');
  }

  private async byPassword(username: string, password: string, sourceIp: string): Promise<AccountRecord> {
    // Same throttle, same counters as the panel login: one budget per login, whichever door.
    const account = await throttled(this.throttle, username, sourceIp, async () => {
      const found = /^[a-z][a-z0-9]{2,31}$/.test(username) ? await this.tokens.accountByUsername(username) : undefined;
      const row = found ? await this.accounts.get(found.id) : undefined;
      const customerId = (row as (AccountRecord & { customer_id?: number | null }) | undefined)?.customer_id ?? null;
      const person = customerId !== null ? await this.people.get(customerId) : undefined;
      const ok = await verifyPassword(password, person?.password_hash ?? (await DUMMY_HASH));
      return row && person && ok && person.status === 'active' && this.usable(row) ? row : null;
    });
    if (!account) throw new UnauthorizedError('Invalid credentials');
    return account;
  }

  private async byToken(username: string, token: string): Promise<AccountRecord> {
    const record = await this.tokens.findActive(hashUapiToken(token));
    const account = record ? await this.accounts.get(record.account_id) : undefined;
    if (!account || account.username !== username || !this.usable(account)) throw new UnauthorizedError('Invalid credentials');
    return account;
  }

  /** A suspended account's owner cannot sign in (as with cPanel); a half-made one does not exist yet. */
  private usable(account: AccountRecord): boolean {
    return account.status === 'active';
  }
}

export function hashUapiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
