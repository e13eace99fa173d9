import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '@hearth/shared';

export const ROLES = ['ADMIN', 'MASTER', 'RESALE', 'CUSTOMER'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking, whatever the credential: an API token (billing systems, scripts) or a
 * person's JWT session. Authorization reads only this.
 */
export interface Principal {
  kind: 'token' | 'session';
  role: Role;
  /** The person behind a session; null for API tokens. */
  personId: number | null;
  /** Reseller scope: a RESALE person's own id, or the reseller a token is bound to. */
  resellerId: number | null;
  /** A CUSTOMER person's own id: it sees only itself and its accounts. */
  customerId: number | null;
  /** What the credential may do (`requireScope`); "*" means everything its role allows. */
  scopes: string[];
  /** The reseller in whose scope this principal acts (its own, its customer's reseller): for audit. */
  scopeResellerId: number | null;
  /** For the audit log: the login or the token's name. */
  label: string;
  tokenId?: number;
  /** The token's name (kept for code written before sessions existed). */
  name?: string;
  /** The session's jti. */
  sessionId?: string;
}

/**
 * Scopes of people's sessions by role. ADMIN and MASTER hold "*" (MASTER's limits are
 * explicit checks: it cannot create ADMINs or hard-delete). Resellers manage accounts;
 * customers manage what is inside their own accounts but never their lifecycle.
 */
const CONTENT_SCOPES = ['account.password', 'dns.manage', 'database.manage', 'mail.manage', 'ftp.manage', 'webdisk.manage', 'uapi.tokens', 'ssl.manage', 'web.manage'];
export const ROLE_SCOPES: Record<Role, string[]> = {
  ADMIN: ['*'],
  MASTER: ['*'],
  RESALE: ['account.create', 'account.suspend', 'account.unsuspend', 'account.terminate', 'account.package', ...CONTENT_SCOPES],
  CUSTOMER: CONTENT_SCOPES,
};

/** A token bound to a reseller can never hold more than a reseller's session. */
export function resellerTokenScopes(granted: string[]): string[] {
  if (granted.includes('*')) return [...ROLE_SCOPES.RESALE];
  return granted.filter((s) => ROLE_SCOPES.RESALE.includes(s));
}

/** Which objects a principal may see. Anything outside answers 404, as if absent. */
export type OwnerScope = { kind: 'all' } | { kind: 'reseller'; resellerId: number } | { kind: 'customer'; customerId: number };

export const ALL: OwnerScope = { kind: 'all' };

export function ownerScope(p: Principal): OwnerScope {
  if (p.role === 'CUSTOMER' && p.customerId !== null) return { kind: 'customer', customerId: p.customerId };
  if (p.resellerId !== null) return { kind: 'reseller', resellerId: p.resellerId };
  if (p.role === 'ADMIN' || p.role === 'MASTER') return ALL;
  // A RESALE or CUSTOMER without an id cannot happen; refuse rather than widen.
  throw new ForbiddenError('No scope');
}

/** Can this scope see an object owned by customer `customerId` of reseller `resellerId`? */
export function canSee(scope: OwnerScope, owner: { customerId: number | null; resellerId: number | null }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'customer') return owner.customerId !== null && owner.customerId === scope.customerId;
  return owner.resellerId !== null && owner.resellerId === scope.resellerId;
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

/** Role gate. Tokens not bound to a reseller act as ADMIN but must hold "*" for people management. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const p = principalOf(req);
    if (!roles.includes(p.role)) throw new ForbiddenError(`This requires the role ${roles.join(' or ')}`);
    if (p.kind === 'token' && p.resellerId === null && !p.scopes.includes('*')) throw new ForbiddenError('This token lacks the * scope');
    next();
  };
}
