import { createHmac } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ConflictError, IdempotencyKeyReusedError, ValidationError, Logger } from '@hearth/shared';
import type { KnexIdempotencyStore } from '../stores/knex-idempotency-store';

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{1,255}$/;

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Who the key belongs to: keys are scoped per token or per person. */
function principalKey(req: Request): string {
  const p = req.principal as unknown as Record<string, unknown> | undefined;
  for (const field of ['tokenId', 'userId', 'personId']) {
    if (p && p[field] !== undefined && p[field] !== null) return `${field}:${String(p[field])}`;
  }
  return 'anonymous';
}

/**
 * Idempotency-Key on POST/PUT/PATCH/DELETE: the first request under a key runs and its
 * answer is stored before it is sent; a retry with the same key and the same request
 * gets that answer again and has no second effect; the same key with another request
 * answers 422 idempotency_key_reused. 5xx answers are not kept (nothing was done, so a
 * retry must run). The request fingerprint is an HMAC, so stored fingerprints do not
 * allow offline guessing of passwords in bodies.
 */
export function idempotency(store: KnexIdempotencyStore, secret: string, log: Logger): RequestHandler {
  const keyed: RequestHandler = async (req, res, next) => {
    const key = req.get('idempotency-key');
    // Session endpoints are excluded: a stored login answer would keep a JWT at rest.
    if (key === undefined || req.path.startsWith('/auth/')) return next();
    if (!KEY.test(key)) throw new ValidationError('Invalid Idempotency-Key', [{ field: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }]);
    const principal = principalKey(req);
    const fingerprint = createHmac('sha256', secret).update(`${req.method} ${req.originalUrl}\n${stable(req.body)}`).digest('hex');
    const earlier = await store.claim(principal, key, fingerprint);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (earlier.state !== 'done') throw new ConflictError('A request with this Idempotency-Key is still in progress');
      res.status(earlier.status_code ?? 200).set('Idempotent-Replayed', 'true');
      if (earlier.response_body === null) return void res.end();
      return void res.type('application/json').send(earlier.response_body);
    }
    const end = res.end.bind(res) as (...args: unknown[]) => unknown;
    res.end = ((...args: unknown[]) => {
      const chunk = typeof args[0] === 'function' ? undefined : args[0];
      const body = chunk === undefined || chunk === null ? null : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      const persist = res.statusCode >= 500 ? store.release(principal, key) : store.complete(principal, key, res.statusCode, body);
      persist.catch((e) => log.error({ err: e }, 'could not record idempotent response')).finally(() => end(...args));
      return res;
    }) as typeof res.end;
    next();
  };
  // Reads pass straight through, without the promise of an async handler.
  return (req, res, next) => (METHODS.has(req.method) ? keyed(req, res, next) : next());
}
