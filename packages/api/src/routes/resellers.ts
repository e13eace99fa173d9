import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { principalOf, requireRole } from '../http/principal';
import { idParam } from '../http/params';

/** /resellers: ADMIN and MASTER only. Deleting a reseller that has customers answers 409. */
export function resellerRoutes({ people }: AppDeps): Router {
  const r = Router();
  r.use('/resellers', requireRole('ADMIN', 'MASTER'));
  r.post('/resellers', async (req, res) => {
    res.status(201).json({ data: await people.create('RESALE', req.body, principalOf(req)) });
  });
  r.get('/resellers', async (req, res) => {
    res.json(await people.list('RESALE', principalOf(req), { ...req.query }));
  });
  r.get('/resellers/:id', async (req, res) => {
    res.json({ data: await people.get('RESALE', idParam(req.params.id), principalOf(req)) });
  });
  r.patch('/resellers/:id', async (req, res) => {
    res.json({ data: await people.update('RESALE', idParam(req.params.id), req.body, principalOf(req)) });
  });
  r.delete('/resellers/:id', async (req, res) => {
    await people.deleteReseller(idParam(req.params.id), principalOf(req), { ...req.query });
    res.status(204).end();
  });
  return r;
}
