import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { idParam } from '../http/params';

/** Anyone authenticated may read plans; only full-scope (admin) tokens change them. */
export function packageRoutes({ packages }: AppDeps): Router {
  const r = Router();
  const admin = requireScope('*');
  r.get('/packages', async (_req, res) => {
    res.json({ data: await packages.list() });
  });
  r.get('/packages/:id', async (req, res) => {
    res.json({ data: await packages.get(idParam(req.params.id)) });
  });
  r.post('/packages', admin, async (req, res) => {
    res.status(201).json({ data: await packages.create(req.body) });
  });
  r.patch('/packages/:id', admin, async (req, res) => {
    res.json({ data: await packages.update(idParam(req.params.id), req.body) });
  });
  r.delete('/packages/:id', admin, async (req, res) => {
    await packages.delete(idParam(req.params.id));
    res.status(204).end();
  });
  return r;
}
