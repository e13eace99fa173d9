import type { RequestHandler } from 'express';
import type { AppDeps } from '../compose-api';
import { ownerScope, principalOf } from '../http/principal';

/**
 * Ownership of everything under /accounts/{id}/… (databases, DNS, mail, … of every
 * module): mounted at /accounts/:id before the resource routers, it answers 404 — as if
 * absent — when the account lies outside a reseller's or customer's scope.
 */
export function accountScope({ customers }: AppDeps): RequestHandler {
  return (req, _res, next) => {
    const id = req.params.id;
    if (typeof id !== 'string' || !/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 2147483647) return next();
    const principal = principalOf(req);
    // Staff and unbound tokens see every account: no lookup, no promise (most API traffic).
    if (ownerScope(principal).kind === 'all') return next();
    return customers.assertAccountVisible(Number(id), principal).then(() => next());
  };
}
