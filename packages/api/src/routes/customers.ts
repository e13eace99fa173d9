import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { principalOf, requireRole } from '../http/principal';
import { idParam } from '../http/params';

/**
 * /customers. ADMIN and MASTER act on every customer, RESALE on its own (others answer
 * 404); a CUSTOMER may read itself. DELETE answers in seed 003's shape (http/seed-shape.ts).
 */
export function customerRoutes({ people, customers }: AppDeps): Router {
  const r = Router();
  const managers = requireRole('ADMIN', 'MASTER', 'RESALE');
  // Every role may read (within its scope); an unbound API token needs "*" for people data.
  const readers = requireRole('ADMIN', 'MASTER', 'RESALE', 'CUSTOMER');
  r.post('/customers', managers, async (req, res) => {
    res.status(201).json({ data: await people.create('CUSTOMER', req.body, principalOf(req)) });
  });
  r.get('/customers', readers, async (req, res) => {
    res.json(await people.list('CUSTOMER', principalOf(req), { ...req.query }));
  });
  r.get('/customers/:id', readers, async (req, res) => {
    res.json({ data: await people.get('CUSTOMER', idParam(req.params.id), principalOf(req)) });
  });
  r.patch('/customers/:id', managers, async (req, res) => {
    res.json({ data: await people.update('CUSTOMER', idParam(req.params.id), req.body, principalOf(req)) });
  });
  r.delete('/customers/:id', managers, async (req, res) => {
    const { deletedAt } = await customers.delete(idParam(req.params.id), principalOf(req), { ...req.query });
    res.json({ success: true, message: 'Customer deleted successfully', deletedAt: deletedAt.toISOString() });
  });
  return r;
}
