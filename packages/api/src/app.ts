import express, { Express } from 'express';
import { ValidationError } from '@hearth/shared';
import type { AppDeps } from './compose-api';
import { authenticate } from './http/auth';
import { requestLog } from './http/request-log';
import { auditTrail } from './http/audit-trail';
import { seedShapedCustomerDelete } from './http/seed-shape';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { healthRoutes } from './routes/health';
import { idempotency } from './http/idempotency';
import { mountApiRoutes } from './routes';
import { uapiRoutes } from './routes/uapi';
import { cookieSession } from './http/cookie-session';
import { staticWeb } from './http/static-web';

const READS = new Set(['GET', 'HEAD']);
const BODIES = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The Express app. Serialisation, error mapping and request logging live here, once;
 * route handlers only parse, call one service and return its result.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For counts only from the configured proxies (see http/client-address.ts).
  app.set('trust proxy', deps.config.listen.trustedProxies.length ? [...deps.config.listen.trustedProxies] : false);
  app.set('json spaces', 0);
  deps.metrics?.instrument(app);
  app.use(requestLog(deps.log.child({ component: 'http' })));
  const api = express.Router();
  // Bodies are parsed whatever the Content-Type claims (reads have none); limits apply before parsing.
  const json = express.json({ limit: deps.config.bodyLimit, type: () => true, strict: false });
  // Reads skip both (one layer: every layer costs each request a step of the router).
  api.use((req, res, next) => {
    if (READS.has(req.method)) return next();
    json(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (BODIES.has(req.method) && req.body !== undefined && (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body))) {
        return next(new ValidationError('Request body must be a JSON object', [{ field: '(body)', message: 'must be a JSON object' }]));
      }
      next();
    });
  });
  // Audit first (it must see 401s too), then the seed-shaped DELETE /customers/{id}, then who is asking.
  api.use(auditTrail(deps.audit, deps.log.child({ component: 'audit' })), seedShapedCustomerDelete, cookieSession(deps.sessions), authenticate(deps));
  api.use(idempotency(deps.idempotency.store, deps.idempotency.secret, deps.log.child({ component: 'idempotency' })));
  mountApiRoutes(api, deps);
  app.use('/api/v1', api);
  // Probes after the API: API requests, by far the most, need not walk their router first.
  app.use(healthRoutes(deps));
  // cPanel's UAPI (UserManager) for the hosting account's owner: its own auth and envelope.
  app.use('/execute', uapiRoutes(deps));
  // The web panel at / (after every API route; never answers an API path).
  app.use(staticWeb());
  app.use(notFoundHandler);
  app.use(errorHandler(deps.log.child({ component: 'errors' })));
  return app;
}
