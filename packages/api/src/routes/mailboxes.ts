import { Router } from 'express';
import { NotFoundError } from '@hearth/shared';
import type { AppDeps } from '../compose-api';
import { requireScope } from '../http/auth';
import { idParam } from '../http/params';

function addressParam(value: string | string[] | undefined): string {
  if (typeof value !== 'string' || value.length > 254) throw new NotFoundError('Not found');
  return value;
}

/**
 * /accounts/{id}/mailboxes[/{address}]: the account's mailboxes (Postfix + Dovecot).
 * Changes need the `mail.manage` scope (or `*`); ownership is checked by account-scope.
 */
export function mailboxRoutes({ mailboxes: service }: AppDeps): Router {
  const manage = requireScope('mail.manage');
  const r = Router();
  r.get('/accounts/:id/mailboxes', async (req, res) => {
    res.json(await service.list(idParam(req.params.id)));
  });
  r.get('/accounts/:id/mailboxes/:address', async (req, res) => {
    res.json({ data: await service.get(idParam(req.params.id), addressParam(req.params.address)) });
  });
  r.post('/accounts/:id/mailboxes', manage, async (req, res) => {
    res.status(201).json({ data: await service.create(idParam(req.params.id), req.body) });
  });
  r.patch('/accounts/:id/mailboxes/:address', manage, async (req, res) => {
    res.json({ data: await service.update(idParam(req.params.id), addressParam(req.params.address), req.body) });
  });
  r.delete('/accounts/:id/mailboxes/:address', manage, async (req, res) => {
    await service.delete(idParam(req.params.id), addressParam(req.params.address));
    res.status(204).end();
  });
  return r;
}
