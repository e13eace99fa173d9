import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DependencyUnavailableError, HearthError, NotFoundError, PayloadTooLargeError, ValidationError, Logger } from '@hearth/shared';
import { isConnectionError } from '../db';
import { toHttp } from './to-http';
import { HiddenByScopeError } from '../services/hidden-by-scope-error';
import { markHiddenByScope } from './audit-trail';

/** Errors raised by body-parser and the database become Hearth errors here, once. */
function normalise(err: unknown): unknown {
  const type = (err as { type?: string })?.type;
  if (type === 'entity.too.large') return new PayloadTooLargeError();
  if (type === 'entity.parse.failed') return new ValidationError('Malformed JSON body', [{ field: '(body)', message: 'is not valid JSON' }]);
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new ValidationError('Unsupported body encoding');
  if (isConnectionError(err)) return new DependencyUnavailableError('The panel database is unavailable');
  return err;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    void _next;
    const hearth = normalise(err);
    const mapped = toHttp(hearth);
    if (hearth instanceof HiddenByScopeError) markHiddenByScope(res);
    if (mapped.status >= 500) log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    else log.debug({ code: mapped.body.error, method: req.method, url: req.originalUrl }, 'request refused');
    if (!(hearth instanceof HearthError)) mapped.body.message = 'Internal error';
    res.status(mapped.status).set(mapped.headers).json(mapped.body);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}`));
};
