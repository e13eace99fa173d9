import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '@hearth/shared';
import type { TokenPrincipal, TokenService } from '../services/token-service';
import type { SessionService } from '../services/session-service';
import { Principal, principalOf, resellerTokenScopes } from './principal';

export type { Principal } from './principal';

/** Routes reachable without credentials (the login itself). */
const PUBLIC = new Set(['POST /auth/login']);

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
 * Authenticates "Authorization: Bearer <credential>" on every /api route: an API token
 * (hth_…) or a person's session JWT (three dot-separated parts).
 */
export function authenticate({ tokens, sessions }: { tokens: TokenService; sessions: SessionService }): RequestHandler {
  return async (req, _res, next) => {
    if (PUBLIC.has(`${req.method} ${req.path}`)) return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/.exec(header);
    if (!match) throw new UnauthorizedError('Missing bearer token');
    const credential = match[1];
    req.principal = credential.startsWith('hth_') ? tokenPrincipal(await tokens.authenticate(credential)) : await sessions.authenticate(credential);
    next();
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
