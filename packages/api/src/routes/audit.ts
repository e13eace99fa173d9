import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { principalOf, requireRole } from '../http/principal';

/** GET /audit: ADMIN and MASTER read everything, a reseller the entries of its own scope. */
export function auditRoutes({ audit }: AppDeps): Router {
  const r = Router();
  r.get('/audit', requireRole('ADMIN', 'MASTER', 'RESALE'), async (req, res) => {
    res.json(await audit.list(principalOf(req), { ...req.query }));
  });
  return r;
}
