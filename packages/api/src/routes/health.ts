import { Router } from 'express';
import type { AppDeps } from '../compose-api';

/** /healthz: the process answers. /readyz: the database and the agent answer too. */
export function healthRoutes({ db, accountAgent }: AppDeps): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const [database, agent] = await Promise.all([
      db.raw('SELECT 1').then(() => true, () => false),
      accountAgent.health().catch(() => false),
    ]);
    const ready = database && agent;
    if (!ready) res.set('Retry-After', '5');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: { database, agent } });
  });
  return r;
}
