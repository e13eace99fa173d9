import type { Knex } from 'knex';
import { ConflictError } from '@hearth/shared';
import { isDuplicateKey } from '../db';

export interface UapiTokenRecord {
  id: number;
  account_id: number;
  name: string;
  token_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** Account-bound API tokens (uapi_tokens). */
export class KnexUapiTokenStore {
  constructor(private readonly db: Knex) {}

  async insert(accountId: number, name: string, tokenHash: string): Promise<number> {
    try {
      const [id] = await this.db('uapi_tokens').insert({ account_id: accountId, name, token_hash: tokenHash });
      return id;
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictError(`A token named ${name} already exists for this account`, [{ field: 'name', message: 'is already in use' }]);
      throw e;
    }
  }

  async findActive(tokenHash: string): Promise<UapiTokenRecord | undefined> {
    return this.db<UapiTokenRecord>('uapi_tokens').where({ token_hash: tokenHash }).whereNull('revoked_at').first();
  }

  async list(accountId: number): Promise<UapiTokenRecord[]> {
    return this.db<UapiTokenRecord>('uapi_tokens').where({ account_id: accountId }).whereNull('revoked_at').orderBy('id');
  }

  async revoke(accountId: number, name: string): Promise<boolean> {
    return (await this.db('uapi_tokens').where({ account_id: accountId, name }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() })) > 0;
  }

  async accountByUsername(username: string): Promise<{ id: number } | undefined> {
    return this.db('accounts').where({ username }).first('id');
  }
}
