import type { Knex } from 'knex';

export interface TokenRecord {
  id: number;
  name: string;
  scopes: string[];
  /** Set when the token acts for one reseller only. */
  reseller_id: number | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

function fromRow(row: Record<string, unknown>): TokenRecord {
  const { token_hash: _hash, ...rest } = row;
  void _hash;
  const scopes = typeof rest.scopes === 'string' ? JSON.parse(rest.scopes) : rest.scopes;
  return { ...(rest as unknown as TokenRecord), scopes: scopes as string[] };
}

export class KnexTokenStore {
  constructor(private readonly db: Knex) {}

  async insert(name: string, tokenHash: string, scopes: string[], expiresAt: Date | null, resellerId: number | null = null): Promise<number> {
    const row: Record<string, unknown> = { name, token_hash: tokenHash, scopes: JSON.stringify(scopes), expires_at: expiresAt };
    if (resellerId !== null) row.reseller_id = resellerId;
    const [id] = await this.db('api_tokens').insert(row);
    return id;
  }

  async findActiveByHash(tokenHash: string): Promise<TokenRecord | undefined> {
    const row = await this.db('api_tokens')
      .where({ token_hash: tokenHash })
      .whereNull('revoked_at')
      .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', this.db.fn.now()))
      .first();
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<TokenRecord[]> {
    return (await this.db('api_tokens').orderBy('id')).map(fromRow);
  }

  async revoke(id: number): Promise<boolean> {
    return (await this.db('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() })) === 1;
  }

  /**
   * Changes with every revocation, insertion and deletion of a token (revocation is one-way:
   * the revoked count only grows while rows stay; a purge changes the row count).
   */
  async changeMark(): Promise<string> {
    const [row] = await this.db('api_tokens').count({ n: '*' }).count({ r: 'revoked_at' }).max({ m: 'id' });
    const { n, r, m } = row as { n: number | string; r: number | string; m: number | null };
    return `${n}:${r}:${m ?? 0}`;
  }
}
