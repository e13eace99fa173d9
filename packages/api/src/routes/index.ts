import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { accountRoutes } from './accounts';
import { packageRoutes } from './packages';

/** Every /api/v1 resource router. Resource modules add theirs here. */
export function apiRoutes(deps: AppDeps): Router[] {
  return [accountRoutes(deps), packageRoutes(deps)];
}
