import { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { principalOf } from '../http/principal';
import { idParam } from '../http/params';

/**
 * Hearth's REST face of UserManager, under /accounts/{id}/… (ownership checked by
 * account-scope; the service scopes of each change by SubaccountRestService):
 *   GET/POST   /subaccounts                       list_users (?flat=1) / create_user
 *   GET/PATCH/DELETE /subaccounts/{user@domain}   lookup / edit_user / delete_user
 *   POST /subaccounts/{user@domain}/merge|dismiss|unlink
 *   POST /service-accounts, DELETE /service-accounts/{ftp|webdisk}/{user@domain}
 *   GET/POST /uapi-tokens, DELETE /uapi-tokens/{name}   tokens for `Authorization: cpanel` (`uapi.tokens`)
 */
export function subaccountRoutes({ subaccountRest: rest, uapiTokens }: AppDeps): Router {
  const tokensScope = requireScope('uapi.tokens');
  const r = Router();
  r.get('/accounts/:id/subaccounts', async (req, res) => {
    res.json({ data: await rest.list(idParam(req.params.id), req.query.flat === '1') });
  });
  r.post('/accounts/:id/subaccounts', async (req, res) => {
    res.status(201).json({ data: await rest.create(idParam(req.params.id), req.body, principalOf(req)) });
  });
  r.get('/accounts/:id/subaccounts/:name', async (req, res) => {
    res.json({ data: await rest.get(idParam(req.params.id), req.params.name) });
  });
  r.patch('/accounts/:id/subaccounts/:name', async (req, res) => {
    res.json({ data: await rest.change('edit_user', idParam(req.params.id), req.params.name, req.body, principalOf(req)) });
  });
  r.delete('/accounts/:id/subaccounts/:name', async (req, res) => {
    res.json({ data: await rest.delete(idParam(req.params.id), req.params.name, principalOf(req)) });
  });
  for (const action of ['merge', 'dismiss'] as const) {
    r.post(`/accounts/:id/subaccounts/:name/${action}`, async (req, res) => {
      res.json({ data: await rest.mergeOrDismiss(action, idParam(req.params.id), req.params.name, req.body, principalOf(req)) });
    });
  }
  r.post('/accounts/:id/subaccounts/:name/unlink', async (req, res) => {
    res.json({ data: await rest.change('unlink_service_account', idParam(req.params.id), req.params.name, req.body, principalOf(req)) });
  });
  r.post('/accounts/:id/service-accounts', async (req, res) => {
    res.status(201).json({ data: await rest.addServiceAccount(idParam(req.params.id), req.body, principalOf(req)) });
  });
  r.delete('/accounts/:id/service-accounts/:type/:name', async (req, res) => {
    await rest.deleteServiceAccount(idParam(req.params.id), String(req.params.type), req.params.name, principalOf(req));
    res.status(204).end();
  });
  r.get('/accounts/:id/uapi-tokens', async (req, res) => {
    res.json({ data: await uapiTokens.list(idParam(req.params.id)) });
  });
  r.post('/accounts/:id/uapi-tokens', tokensScope, async (req, res) => {
    res.status(201).json({ data: await uapiTokens.create(idParam(req.params.id), req.body) });
  });
  r.delete('/accounts/:id/uapi-tokens/:name', tokensScope, async (req, res) => {
    await uapiTokens.revoke(idParam(req.params.id), String(req.params.name));
    res.status(204).end();
  });
  return r;
}
