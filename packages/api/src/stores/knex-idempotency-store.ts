import type { Knex } from 'knex';
import { isDuplicateKey } from '../db';

export interface IdempotencyRecord {
  fingerprint: string;
  state: 'in_progress' | 'done';
  status_code: number | null;
  response_body: string | null;
}

export class KnexIdempotencyStore {
  constructor(private readonly db: Knex) {}

  /** Claims the key for this request, or returns what an earlier request left under it. */
  async claim(principal: string, key: string, fingerprint: string): Promise<IdempotencyRecord | null> {
    try {
      await this.db('idempotency_keys').insert({ principal, idem_key: key, fingerprint, state: 'in_progress' });
      return null;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const row = (await this.db('idempotency_keys').where({ principal, idem_key: key }).first('fingerprint', 'state', 'status_code', 'response_body')) as IdempotencyRecord | undefined;
    // Released between our insert and our read: claim it again.
    return row ?? this.claim(principal, key, fingerprint);
  }

  async complete(principal: string, key: string, status: number, body: string | null): Promise<void> {
    await this.db('idempotency_keys').where({ principal, idem_key: key }).update({ state: 'done', status_code: status, response_body: body });
  }

  /** Forgets the key, so a retry runs again (used after 5xx: nothing was done). */
  async release(principal: string, key: string): Promise<void> {
    await this.db('idempotency_keys').where({ principal, idem_key: key }).delete();
  }

  async purgeOlderThan(hours: number): Promise<number> {
    return this.db('idempotency_keys').where('created_at', '<', this.db.raw('NOW() - INTERVAL ? HOUR', [hours])).delete();
  }
}
