import { Router } from 'express';
import { NotFoundError } from '@hearth/shared';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { idParam } from '../http/params';

function nameParam(value: string | string[] | undefined): string {
  if (typeof value !== 'string') throw new NotFoundError('Not found');
  return value;
}

/**
 * /accounts/{id}/databases[/{name}] and /accounts/{id}/database-users[/{name}].
 * Changes need the `database.manage` scope (or `*`).
 */
export function databaseRoutes({ databases: service }: AppDeps): Router {
  const manage = requireScope('database.manage');
  const r = Router();
  r.get('/accounts/:id/databases', async (req, res) => {
    res.json(await service.listDatabases(idParam(req.params.id)));
  });
  r.post('/accounts/:id/databases', manage, async (req, res) => {
    res.status(201).json({ data: await service.createDatabase(idParam(req.params.id), req.body) });
  });
  r.delete('/accounts/:id/databases/:name', manage, async (req, res) => {
    await service.deleteDatabase(idParam(req.params.id), nameParam(req.params.name));
    res.status(204).end();
  });
  r.get('/accounts/:id/database-users', async (req, res) => {
    res.json(await service.listUsers(idParam(req.params.id)));
  });
  r.get('/accounts/:id/database-users/:name', async (req, res) => {
    res.json({ data: await service.getUser(idParam(req.params.id), nameParam(req.params.name)) });
  });
  r.post('/accounts/:id/database-users', manage, async (req, res) => {
    res.status(201).json({ data: await service.createUser(idParam(req.params.id), req.body) });
  });
  r.patch('/accounts/:id/database-users/:name', manage, async (req, res) => {
    res.json({ data: await service.updateUser(idParam(req.params.id), nameParam(req.params.name), req.body) });
  });
  r.delete('/accounts/:id/database-users/:name', manage, async (req, res) => {
    await service.deleteUser(idParam(req.params.id), nameParam(req.params.name));
    res.status(204).end();
  });
  return r;
}
