import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { accountRoutes } from './accounts';
import { packageRoutes } from './packages';
import { dnsRecordRoutes } from './dns-records';
import { databaseRoutes } from './databases';
import { accountScopeRoutes } from './account-scope';
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

/** Every /api/v1 resource router. Resource modules add theirs here. */
export function apiRoutes(deps: AppDeps): Router[] {
  // accountScopeRoutes first: it guards /accounts/{id}/… of every module below. The account
  // routes next, since they are the most requested and Express tries routers in order (no
  // router before them in the former order answered an /accounts path, so none is shadowed).
  return [accountScopeRoutes(deps), accountRoutes(deps), authRoutes(deps), customerRoutes(deps), resellerRoutes(deps), staffRoutes(deps), auditRoutes(deps), packageRoutes(deps), dnsRecordRoutes(deps), databaseRoutes(deps), tlsRoutes(deps), mailboxRoutes(deps), subaccountRoutes(deps), serverRoutes(deps), accountDomainRoutes(deps)];
}
