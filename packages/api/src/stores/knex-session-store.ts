import type { Knex } from 'knex';

export interface SessionRecord {
  jti: string;
  person_id: number;
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  source_ip: string;
}

/**
 * Server-side state of JWT sessions (by jti) and the revocation of a person's
 * credentials: its sessions and, for a reseller, the API tokens bound to it.
 */
export class KnexSessionStore {
  /** `onTokensRevoked`: told after a person's API tokens are revoked (the API forgets remembered tokens). */
  constructor(private readonly db: Knex, private readonly onTokensRevoked: () => void = () => undefined) {}

  async insert(row: { jti: string; person_id: number; expires_at: Date; source_ip: string }): Promise<void> {
    await this.db('sessions').insert(row);
  }

  findActive(jti: string): Promise<SessionRecord | undefined> {
    return this.db<SessionRecord>('sessions')
      .where({ jti })
      .whereNull('revoked_at')
      .andWhere('expires_at', '>', this.db.fn.now())
      .first();
  }

  /** Expired sessions can never authenticate again; their rows only grow the table. */
  async purgeExpired(): Promise<number> {
    return this.db('sessions').where('expires_at', '<', this.db.fn.now()).delete();
  }

  async revoke(jti: string): Promise<boolean> {
    return (await this.db('sessions').where({ jti }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() })) === 1;
  }

  /** Every session of the person, and every API token bound to it (as a reseller). */
  async revokeAllOf(personId: number): Promise<void> {
    await this.db('sessions').where({ person_id: personId }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() });
    await this.db('api_tokens').where({ reseller_id: personId }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() });
    this.onTokensRevoked();
  }
}
