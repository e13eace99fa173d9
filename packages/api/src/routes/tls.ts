import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { idParam } from '../http/params';

/**
 * /accounts/{id}/tls: the certificate of the account's site. GET reads the status
 * (pending | issued | failed, last failure, expiry); POST …/issue asks the CA now;
 * PUT uploads a custom certificate and key.
 */
export function tlsRoutes({ tls }: AppDeps): Router {
  const r = Router();
  r.get('/accounts/:id/tls', async (req, res) => {
    res.json({ data: await tls.get(idParam(req.params.id)) });
  });
  r.post('/accounts/:id/tls/issue', requireScope('ssl.manage'), async (req, res) => {
    res.json({ data: await tls.issue(idParam(req.params.id)) });
  });
  r.put('/accounts/:id/tls', requireScope('ssl.manage'), async (req, res) => {
    res.json({ data: await tls.upload(idParam(req.params.id), req.body) });
  });
  return r;
}
