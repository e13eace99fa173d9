import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { accountRoutes } from './accounts';
import { packageRoutes } from './packages';
import { dnsRecordRoutes } from './dns-records';
import { databaseRoutes } from './databases';

/** Every /api/v1 resource router. Resource modules add theirs here. */
export function apiRoutes(deps: AppDeps): Router[] {
  return [accountRoutes(deps), packageRoutes(deps), dnsRecordRoutes(deps), databaseRoutes(deps)];
}
