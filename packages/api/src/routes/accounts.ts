import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { ownerScope, principalOf } from '../http/principal';
import { idParam } from '../http/params';

export function accountRoutes({ accounts, accountPassword, accountPackage, accountUsage }: AppDeps): Router {
  const r = Router();
  r.get('/accounts', async (req, res) => {
    const list = await accounts.list({ ...req.query }, ownerScope(principalOf(req)));
    res.json(req.query.include === 'usage' ? await accountUsage.withUsage(list) : list);
  });
  r.post('/accounts', requireScope('account.create'), async (req, res) => {
    res.status(201).json({ data: await accounts.create(req.body, principalOf(req)) });
  });
  r.get('/accounts/:id/usage', async (req, res) => {
    res.json({ data: await accountUsage.get(idParam(req.params.id), ownerScope(principalOf(req))) });
  });
  r.get('/accounts/:id', async (req, res) => {
    res.json({ data: await accounts.get(idParam(req.params.id), ownerScope(principalOf(req))) });
  });
  r.delete('/accounts/:id', requireScope('account.terminate'), async (req, res) => {
    await accounts.delete(idParam(req.params.id), ownerScope(principalOf(req)));
    res.status(204).end();
  });
  r.post('/accounts/:id/suspend', requireScope('account.suspend'), async (req, res) => {
    res.json({ data: await accounts.suspend(idParam(req.params.id), ownerScope(principalOf(req))) });
  });
  r.post('/accounts/:id/unsuspend', requireScope('account.unsuspend'), async (req, res) => {
    res.json({ data: await accounts.unsuspend(idParam(req.params.id), ownerScope(principalOf(req))) });
  });
  r.post('/accounts/:id/password', requireScope('account.password'), async (req, res) => {
    res.json({ data: await accountPassword.change(idParam(req.params.id), req.body, ownerScope(principalOf(req))) });
  });
  r.post('/accounts/:id/package', requireScope('account.package'), async (req, res) => {
    res.json({ data: await accountPackage.change(idParam(req.params.id), req.body, ownerScope(principalOf(req))) });
  });
  return r;
}
