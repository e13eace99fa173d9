import type { Request, RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '@hearth/shared';
import type { TokenPrincipal, TokenService } from '../services/token-service';

export type Principal = TokenPrincipal;

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Authenticates "Authorization: Bearer <token>" on every /api route. */
export function authenticate(tokens: TokenService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/.exec(header);
    if (!match) throw new UnauthorizedError('Missing bearer token');
    req.principal = await tokens.authenticate(match[1]);
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

/** Requires one scope (or "*"). */
export function requireScope(scope: string): RequestHandler {
  return (req, _res, next) => {
    const { scopes } = principalOf(req);
    if (!scopes.includes('*') && !scopes.includes(scope)) throw new ForbiddenError(`This token lacks the ${scope} scope`);
    next();
  };
}
