import type { RequestHandler } from 'express';
import type { Logger } from '@hearth/shared';
import { clientAddress } from './client-address';

const READS = new Set(['GET', 'HEAD']);

/**
 * One line per answered request: writes at info, successful reads at debug (they change
 * nothing and the metrics count them), failures not here but once by the error handler
 * (4xx at debug, 5xx at error). The URL goes through the logger's `req` serializer, which
 * drops the query string (UAPI clients send passwords in it).
 *
 * Hand-written rather than pino-http: that builds a child logger and serialises the request
 * for every request before knowing whether a line is wanted, a tenth of a read's cost.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const level = READS.has(req.method) ? 'debug' : 'info';
    if (!log.isLevelEnabled(level)) return next();
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      if (res.statusCode >= 400) return;
      const responseTime = Math.round(Number(process.hrtime.bigint() - start) / 1e6);
      log[level]({ req: { method: req.method, url: req.originalUrl, remoteAddress: clientAddress(req) }, res: { statusCode: res.statusCode }, responseTime }, 'request completed');
    });
    next();
  };
}
