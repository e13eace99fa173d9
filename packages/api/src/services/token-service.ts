import { hash as oneShotHash, randomBytes } from 'node:crypto';
import { UnauthorizedError, ValidationError } from '@hearth/shared';
import type { KnexTokenStore, TokenRecord } from '../stores/knex-token-store';
import type { ChangeWatch } from './change-watch';

/**
 * Billing scopes (the Opterius set) plus one per resource inside an account. Each login
 * service has its own (mail, FTP, Web Disk), and UAPI tokens theirs: see http/service-scopes.ts.
 */
export const SCOPES = [
  'account.create', 'account.suspend', 'account.unsuspend', 'account.terminate',
  'account.password', 'account.package',
  'dns.manage', 'database.manage', 'mail.manage', 'ftp.manage', 'webdisk.manage', 'uapi.tokens', 'ssl.manage', 'web.manage', '*',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface TokenPrincipal {
  kind: 'token';
  tokenId: number;
  name: string;
  scopes: string[];
  /** Bound to a reseller: acts only within that reseller's customers. */
  resellerId: number | null;
}

const TOKEN_SHAPE = /^hth_[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  // One-shot: a sixth of createHash().update().digest()'s cost, paid on every API request.
  return oneShotHash('sha256', token, 'hex');
}

/**
 * API tokens for billing systems and scripts: 256 random bits, shown once, stored only
 * as a SHA-256 hash (a fast hash is right here: the secret is random, not a password).
 */
/** Remembering valid tokens needs a revocation signal; without one every request asks the database. */
export interface TokenCacheOptions {
  ttlMs: number;
  revocations: ChangeWatch;
}

export class TokenService {
  /** Recent successful lookups by token hash, so a burst of calls costs one query. */
  private readonly cache = new Map<string, { principal: TokenPrincipal; until: number }>();

  /**
   * With `cache` (the API), a valid token is remembered up to `ttlMs`, never past its expiry,
   * and only while the revocation signal is current; every revocation clears it (see
   * change-watch.ts). Without (the CLI), the database is asked every time.
   */
  constructor(private readonly store: KnexTokenStore, private readonly cacheOptions: TokenCacheOptions | null = null) {
    cacheOptions?.revocations.onChange(() => this.cache.clear());
  }

  async create(name: string, scopes: string[], expiresAt: Date | null = null, resellerId: number | null = null): Promise<{ id: number; token: string }> {
    if (!/^[A-Za-z0-9 ._-]{1,64}$/.test(name)) throw new ValidationError('Invalid token name', [{ field: 'name', message: 'must be 1-64 characters of letters, digits, space . _ -' }]);
    const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
    if (bad.length || scopes.length === 0) throw new ValidationError('Invalid scopes', [{ field: 'scope', message: `must be one or more of ${SCOPES.join(', ')}` }]);
    const token = `hth_${randomBytes(32).toString('base64url')}`;
    const id = await this.store.insert(name, hashToken(token), [...new Set(scopes)], expiresAt, resellerId);
    return { id, token };
  }

  /**
   * The token's principal when it is remembered and may still be trusted (same rules as
   * `authenticate`), without a promise: the common case of every API request. Undefined
   * means "ask `authenticate`", never "invalid".
   */
  remembered(token: string): TokenPrincipal | undefined {
    return TOKEN_SHAPE.test(token) ? this.trusted(hashToken(token), Date.now()) : undefined;
  }

  /** The remembered principal of a token hash, while its entry is fresh and revocations are known. */
  private trusted(hash: string, now: number): TokenPrincipal | undefined {
    const cached = this.cache.get(hash);
    return cached && cached.until > now && this.cacheOptions?.revocations.current(now) ? cached.principal : undefined;
  }

  async authenticate(token: string): Promise<TokenPrincipal> {
    if (!TOKEN_SHAPE.test(token)) throw new UnauthorizedError('Invalid API token');
    const hash = hashToken(token);
    const now = Date.now();
    const remembered = this.trusted(hash, now);
    if (remembered) return remembered;
    const record = await this.store.findActiveByHash(hash);
    if (!record) {
      this.cache.delete(hash);
      throw new UnauthorizedError('Invalid, expired or revoked API token');
    }
    const principal: TokenPrincipal = { kind: 'token', tokenId: record.id, name: record.name, scopes: record.scopes, resellerId: record.reseller_id ?? null };
    if (this.cacheOptions) {
      const expires = record.expires_at ? new Date(record.expires_at).getTime() : Infinity;
      // Bounded: drop the oldest entry rather than grow with every token ever seen.
      if (this.cache.size >= 1000) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(hash, { principal, until: Math.min(now + this.cacheOptions.ttlMs, expires) });
    }
    return principal;
  }

  list(): Promise<TokenRecord[]> {
    return this.store.list();
  }

  async revoke(id: number): Promise<boolean> {
    const revoked = await this.store.revoke(id);
    this.cacheOptions?.revocations.changedHere();
    return revoked;
  }
}
