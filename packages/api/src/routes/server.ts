import { Router } from 'express';
import { ForbiddenError } from '@hearth/shared';
import type { AppDeps } from '../compose-api';
import { principalOf } from '../http/principal';

/**
 * GET /server: a billing system's "Test Connection". Any token or session of the operator
 * (ADMIN or MASTER) may read it whatever its scopes, as GET /accounts needs none: a billing
 * token holding only account.* scopes must be able to test its connection. Resellers and
 * customers are refused: load, disk and the license are the host's, not theirs.
 */
export function serverRoutes({ server }: AppDeps): Router {
  const r = Router();
  r.get('/server', async (req, res) => {
    const { role } = principalOf(req);
    if (role !== 'ADMIN' && role !== 'MASTER') throw new ForbiddenError('Only the server operator may read the server summary');
    res.json({ data: await server.summary() });
  });
  return r;
}
