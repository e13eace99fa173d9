import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '@hearth/shared';
import type { KnexUapiTokenStore } from '../stores/knex-uapi-token-store';
import type { KnexAccountStore } from '../stores/knex-account-store';
import { existingAccount } from './account-access';
import { hashUapiToken } from './uapi-auth-service';

/** cPanel's token shape: 32 characters of A-Z and 0-9 (about 165 random bits). */
export function newUapiToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % 36]).join('');
}

/**
 * The tokens a hosting account's owner uses with `Authorization: cpanel user:TOKEN`
 * (/accounts/{id}/uapi-tokens). Only their SHA-256 is stored; the token is shown once.
 */
export class UapiTokenService {
  constructor(private readonly tokens: KnexUapiTokenStore, private readonly accounts: KnexAccountStore) {}

  async list(accountId: number): Promise<{ name: string; created_at: string }[]> {
    await existingAccount(this.accounts, accountId);
    return (await this.tokens.list(accountId)).map((t) => ({ name: t.name, created_at: new Date(t.created_at).toISOString() }));
  }

  async create(accountId: number, body: unknown): Promise<{ name: string; token: string }> {
    await existingAccount(this.accounts, accountId);
    const name = (body as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') throw new ValidationError('Request is invalid', [{ field: 'name', message: 'is required' }]);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new ValidationError('Invalid token name', [{ field: 'name', message: 'must be 1-64 characters of letters, digits, . _ -' }]);
    const token = newUapiToken();
    await this.tokens.insert(accountId, name, hashUapiToken(token));
    return { name, token };
  }

  async revoke(accountId: number, name: string): Promise<void> {
    await existingAccount(this.accounts, accountId);
    if (!(await this.tokens.revoke(accountId, name))) throw new NotFoundError('No such token');
  }
}
