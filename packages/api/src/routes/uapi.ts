import express, { Router } from 'express';
import { RateLimitedError, UnauthorizedError } from '@hearth/shared';
import type { AppDeps } from '../compose-api';
import { uapiFailure } from '../services/uapi-envelope';
import { auditUapi } from '../http/uapi-audit';
import { clientAddress } from '../http/client-address';

/**
 * cPanel's UAPI over HTTP: `GET|POST /execute/<Module>/<function>?name=value…` (form
 * bodies too), authenticated as the hosting account's owner (Basic or `cpanel
 * user:token`). Every answer that reaches a function is the UAPI envelope with HTTP 200,
 * as cPanel answers; only a failed authentication is 401 (429 when throttled).
 */
export function uapiRoutes(deps: AppDeps): Router {
  const { uapi, uapiAuth } = deps;
  const log = deps.log.child({ component: 'uapi' });
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: deps.config.bodyLimit, parameterLimit: 200 }));
  const handler: express.RequestHandler = async (req, res) => {
    const { module, func } = req.params as { module: string; func: string };
    let account;
    try {
      account = await uapiAuth.authenticate(req.get('authorization'), clientAddress(req));
    } catch (e) {
      if (e instanceof RateLimitedError || e instanceof UnauthorizedError) {
        await auditUapi(deps.audit, log, req, { module, func, account: null, status: e instanceof RateLimitedError ? 429 : 401, ok: false });
      }
      if (e instanceof RateLimitedError) {
        res.status(429).set('Retry-After', String(e.retryAfterSeconds ?? 60)).json(uapiFailure(module, func, ['Too many failed logins; retry later.']));
        return;
      }
      if (e instanceof UnauthorizedError) {
        res.status(401).set('WWW-Authenticate', 'Basic realm="Hearth", charset="UTF-8"').json(uapiFailure(module, func, ['Access denied: invalid username, password or token.']));
        return;
      }
      throw e;
    }
    const args = { ...(req.query as Record<string, unknown>), ...(req.method === 'POST' && req.body && typeof req.body === 'object' ? req.body : {}) };
    const envelope = await uapi.execute(account, module, func, args);
    await auditUapi(deps.audit, log, req, { module, func, account, status: 200, ok: envelope.result.status === 1 });
    res.json(envelope);
  };
  r.get('/:module/:func', handler);
  r.post('/:module/:func', handler);
  return r;
}
