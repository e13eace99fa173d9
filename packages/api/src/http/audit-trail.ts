import { clientAddress } from './client-address';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '@hearth/shared';
import type { AuditEntry } from '../stores/knex-audit-store';
import type { AuditService } from '../services/audit-service';

/**
 * The error handler marks a 404 that hid an object outside the principal's scope (the
 * client cannot tell it from absent); the audit log records it as a denial.
 */
export function markHiddenByScope(res: Response): void {
  res.locals.hiddenByScope = true;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** "/accounts/12/suspend" → "/accounts/:id/suspend": the action, without the object. */
function actionOf(method: string, path: string): string {
  return `${method} ${path.replace(/\/[0-9]+(?=\/|$)/g, '/:id')}`.slice(0, 128);
}

/** The path under /api/v1 (req.path changes as routers nest; originalUrl does not). */
function apiPathOf(req: Request): string {
  return req.originalUrl.split('?')[0].replace(/^\/api\/v1(?=\/|$)/, '') || '/';
}

function sourceOf(req: Request): string {
  return clientAddress(req);
}

function entryFor(req: Request, res: Response): AuditEntry | null {
  const status = res.statusCode;
  const denied = status === 401 || status === 403 || status === 429 || (status === 404 && res.locals.hiddenByScope === true);
  if (!WRITES.has(req.method) && !denied) return null;
  const p = req.principal;
  const path = apiPathOf(req);
  const attemptedLogin = path === '/auth/login' && typeof req.body?.login === 'string' ? req.body.login : '';
  return {
    actor_type: p ? (p.kind === 'session' ? 'person' : 'token') : 'anonymous',
    actor_id: p ? (p.kind === 'session' ? p.personId : p.tokenId ?? null) : null,
    actor_label: (p?.label ?? attemptedLogin).slice(0, 64),
    role: p?.role ?? null,
    scope_reseller_id: p?.scopeResellerId ?? null,
    action: actionOf(req.method, path),
    target: path.replace(/^\//, '').slice(0, 255),
    outcome: denied ? 'denied' : status < 400 ? 'success' : 'failed',
    status,
    source_ip: sourceOf(req),
  };
}

/**
 * THE audit point: mounted once before authentication, it records every write and every
 * denied attempt (401, 403, 429, and 404s that hid an out-of-scope object). The entry is
 * appended before the response is released, so a client that got an answer can already
 * read its entry. A failing append is logged, never turned into a different answer
 * (the change it describes has already happened).
 */
export function auditTrail(audit: AuditService, log: Logger): RequestHandler {
  return (req, res, next) => {
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let recorded = false;
    res.end = ((...args: unknown[]) => {
      if (recorded) return end(...args);
      recorded = true;
      const entry = entryFor(req, res);
      if (!entry) return end(...args);
      audit.record(entry)
        .catch((err) => log.error({ err, action: entry.action }, 'audit append failed'))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
}
