import type { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { accountRoutes } from './accounts';
import { packageRoutes } from './packages';
import { dnsRecordRoutes } from './dns-records';
import { databaseRoutes } from './databases';
import { accountScope } from './account-scope';
import { authRoutes } from './auth';
import { customerRoutes } from './customers';
import { resellerRoutes } from './resellers';
import { staffRoutes } from './staff';
import { auditRoutes } from './audit';
import { tlsRoutes } from './tls';
import { mailboxRoutes } from './mailboxes';
import { subaccountRoutes } from './subaccounts';
import { serverRoutes } from './server';
import { accountDomainRoutes } from './account-domains';

/** Every /api/v1 resource router, mounted on `api` in the order Express tries them. Resource modules add theirs here. */
export function mountApiRoutes(api: Router, deps: AppDeps): void {
  // The ownership guard first: it checks /accounts/{id}/… of every module below. A handler
  // mounted at its path, not a router of its own: a router that answers nothing hands the
  // request on through setImmediate, an event-loop turn (and its cost) per request.
  api.use('/accounts/:id', accountScope(deps));
  // The account routes next: the most requested, and Express tries routers in order, each
  // router passed over costing that turn. No router before them in the former order
  // answered an /accounts path, so none is shadowed.
  for (const router of [accountRoutes(deps), authRoutes(deps), customerRoutes(deps), resellerRoutes(deps), staffRoutes(deps), auditRoutes(deps), packageRoutes(deps), dnsRecordRoutes(deps), databaseRoutes(deps), tlsRoutes(deps), mailboxRoutes(deps), subaccountRoutes(deps), serverRoutes(deps), accountDomainRoutes(deps)]) {
    api.use(router);
  }
}
