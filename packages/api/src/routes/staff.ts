import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { principalOf, requireRole } from '../http/principal';
import { idParam } from '../http/params';

/**
 * /staff: the ADMIN and MASTER people. ADMIN and MASTER only; only an ADMIN creates,
 * changes or deletes ADMINs (PeopleService enforces it).
 */
export function staffRoutes({ people }: AppDeps): Router {
  const r = Router();
  r.use('/staff', requireRole('ADMIN', 'MASTER'));
  r.post('/staff', async (req, res) => {
    res.status(201).json({ data: await people.createStaff(req.body, principalOf(req)) });
  });
  r.get('/staff', async (req, res) => {
    res.json(await people.listStaff(principalOf(req), { ...req.query }));
  });
  r.get('/staff/:id', async (req, res) => {
    res.json({ data: await people.getStaff(idParam(req.params.id), principalOf(req)) });
  });
  r.delete('/staff/:id', async (req, res) => {
    await people.deleteStaff(idParam(req.params.id), principalOf(req), { ...req.query });
    res.status(204).end();
  });
  return r;
}
