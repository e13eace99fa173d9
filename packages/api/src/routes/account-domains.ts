import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { idParam } from '../http/params';
import { domainParam } from '../services/account-domain-service';

/**
 * /accounts/{id}/domains[/{domain}]: addon domains, subdomains and aliases. Changes need
 * the `web.manage` scope (or `*`); ownership is checked by account-scope.
 */
export function accountDomainRoutes({ accountDomains: service }: AppDeps): Router {
  const manage = requireScope('web.manage');
  const r = Router();
  r.get('/accounts/:id/domains', async (req, res) => {
    res.json(await service.list(idParam(req.params.id)));
  });
  r.get('/accounts/:id/domains/:domain', async (req, res) => {
    res.json({ data: await service.get(idParam(req.params.id), domainParam(req.params.domain)) });
  });
  r.post('/accounts/:id/domains', manage, async (req, res) => {
    res.status(201).json({ data: await service.create(idParam(req.params.id), req.body) });
  });
  r.patch('/accounts/:id/domains/:domain', manage, async (req, res) => {
    res.json({ data: await service.update(idParam(req.params.id), domainParam(req.params.domain), req.body) });
  });
  r.delete('/accounts/:id/domains/:domain', manage, async (req, res) => {
    await service.delete(idParam(req.params.id), domainParam(req.params.domain));
    res.status(204).end();
  });
  return r;
}
