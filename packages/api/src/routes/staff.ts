import { Router } from 'express';
import { assertValid, ValidationError } from '@hearth/shared';
import type { AppDeps } from '../app-deps';
import { principalOf, requireRole } from '../http/principal';
import { idParam } from '../http/params';
import { validateDeleteQuery } from '../services/people-schemas';

/**
 * /staff: the ADMIN and MASTER people. ADMIN and MASTER only; only an ADMIN creates,
 * changes or deletes ADMINs (PeopleService enforces it).
 */
export function staffRoutes({ people }: AppDeps): Router {
  const r = Router();
  r.use('/staff', requireRole('ADMIN', 'MASTER'));
  r.post('/staff', async (req, res) => {
    const { role, ...rest } = req.body ?? {};
    if (role !== 'ADMIN' && role !== 'MASTER') throw new ValidationError('Request is invalid', [{ field: 'role', message: 'must be ADMIN or MASTER' }]);
    res.status(201).json({ data: await people.create(role, rest, principalOf(req)) });
  });
  r.get('/staff', async (req, res) => {
    res.json(await people.listStaff(principalOf(req), { ...req.query }));
  });
  r.get('/staff/:id', async (req, res) => {
    res.json({ data: await people.getStaff(idParam(req.params.id), principalOf(req)) });
  });
  r.delete('/staff/:id', async (req, res) => {
    const q = assertValid(validateDeleteQuery, { ...req.query }, 'Query');
    const p = await people.getStaff(idParam(req.params.id), principalOf(req));
    await people.delete(p.role as 'ADMIN' | 'MASTER', p.id, principalOf(req), q.hard === 'true');
    res.status(204).end();
  });
  return r;
}
