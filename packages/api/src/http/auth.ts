import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '@hearth/shared';
import type { TokenPrincipal, TokenService } from '../services/token-service';
import type { SessionService } from '../services/session-service';
import { Principal, principalOf, resellerTokenScopes } from './principal';

export type { Principal } from './principal';

/** POST routes reachable without credentials (the login itself); every other route needs one. */
const PUBLIC_POSTS = new Set(['/auth/login']);

/**
 * One Principal whatever the credential. A token not bound to a reseller is the billing
 * system or an operator: ADMIN, limited by its scopes. A reseller-bound token is RESALE,
 * scoped to that reseller, and can never hold more than a reseller's session.
 */
export function tokenPrincipal(t: TokenPrincipal): Principal {
  const base = { kind: 'token' as const, tokenId: t.tokenId, name: t.name, label: t.name, personId: null, customerId: null };
  if (t.resellerId === null) return { ...base, role: 'ADMIN', resellerId: null, scopeResellerId: null, scopes: t.scopes };
  return { ...base, role: 'RESALE', resellerId: t.resellerId, scopeResellerId: t.resellerId, scopes: resellerTokenScopes(t.scopes) };
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * One Principal per remembered token, shared by the requests that present it (frozen: no
 * request can change what another sees). It lives as long as the token service remembers
 * the token (a few seconds), then goes with it.
 */
const principals = new WeakMap<TokenPrincipal, Principal>();

function sharedTokenPrincipal(t: TokenPrincipal): Principal {
  let p = principals.get(t);
  if (!p) {
    const made = tokenPrincipal(t);
    Object.freeze(made.scopes);
    p = Object.freeze(made);
    principals.set(t, p);
  }
  return p;
}

/**
 * Authenticates "Authorization: Bearer <credential>" on every /api route: an API token
 * (hth_…) or a person's session JWT (three dot-separated parts). A token the token service
 * still trusts from memory is settled without a promise (most requests).
 */
export function authenticate({ tokens, sessions }: { tokens: TokenService; sessions: SessionService }): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'POST' && PUBLIC_POSTS.has(req.path)) return next();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/.exec(header);
    if (!match) throw new UnauthorizedError('Missing bearer token');
    const credential = match[1];
    if (credential.startsWith('hth_')) {
      const remembered = tokens.remembered(credential);
      if (remembered) {
        req.principal = sharedTokenPrincipal(remembered);
        return next();
      }
      return tokens.authenticate(credential).then((t) => {
        req.principal = sharedTokenPrincipal(t);
        next();
      });
    }
    return sessions.authenticate(credential).then((p) => {
      req.principal = p;
      next();
    });
  };
}

export { principalOf } from './principal';

/** Requires one scope (or "*"). */
export function requireScope(scope: string): RequestHandler {
  return (req, _res, next) => {
    const { scopes } = principalOf(req);
    if (!scopes.includes('*') && !scopes.includes(scope)) throw new ForbiddenError(`This token lacks the ${scope} scope`);
    next();
  };
}
