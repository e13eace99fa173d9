import express, { Router } from 'express';
import type { AppDeps } from '../compose-api';
import { auditUapi } from '../http/uapi-audit';
import { clientAddress } from '../http/client-address';

/**
 * cPanel's UAPI over HTTP: `GET|POST /execute/<Module>/<function>?name=value…` (form
 * bodies too), authenticated as the hosting account's owner (UapiService.handle). Every
 * answer that reaches a function is the UAPI envelope with HTTP 200, as cPanel answers;
 * only a failed authentication is 401 (429 when throttled). Changes and refused logins
 * are audited.
 */
export function uapiRoutes({ uapi, audit, log: rootLog, config }: AppDeps): Router {
  const log = rootLog.child({ component: 'uapi' });
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: config.bodyLimit, parameterLimit: 200 }));
  const handler: express.RequestHandler = async (req, res) => {
    const { module, func } = req.params as { module: string; func: string };
    const args = { ...(req.query as Record<string, unknown>), ...(req.method === 'POST' && req.body && typeof req.body === 'object' ? req.body : {}) };
    const answer = await uapi.handle(req.get('authorization'), clientAddress(req), module, func, args);
    await auditUapi(audit, log, req, { module, func, account: answer.account, status: answer.status, ok: answer.envelope.result.status === 1 });
    res.status(answer.status).set(answer.headers).json(answer.envelope);
  };
  r.get('/:module/:func', handler);
  r.post('/:module/:func', handler);
  return r;
}
