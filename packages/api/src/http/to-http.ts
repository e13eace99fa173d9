import { ErrorCode, HearthError, InternalError, PackageLimitError, RateLimitedError } from '@hearth/shared';

export interface HttpError {
  status: number;
  headers: Record<string, string>;
  body: { error: string; message: string; details: unknown[]; reason?: string };
}

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 422,
  conflict: 409,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  license_required: 403,
  account_limit_reached: 403,
  payload_too_large: 413,
  rate_limited: 429,
  idempotency_key_reused: 422,
  provisioning_failed: 500,
  agent_unavailable: 503,
  dependency_unavailable: 503,
  internal: 500,
};

/** The API's only mapping from Hearth errors to HTTP. Unknown errors never leak. */
export function toHttp(err: unknown): HttpError {
  const e = err instanceof HearthError ? err : new InternalError();
  const headers: Record<string, string> = {};
  if (e.code === 'agent_unavailable' || e.code === 'dependency_unavailable') headers['Retry-After'] = '5';
  if (e instanceof RateLimitedError) headers['Retry-After'] = String(e.retryAfterSeconds);
  if (e.code === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer';
  const body: HttpError['body'] = { error: e.code, message: e.message, details: e.details };
  // A package limit says which one (domain_limit_reached, ...) beside the generic code.
  if (e instanceof PackageLimitError) body.reason = e.reason;
  return { status: HTTP_STATUS_BY_CODE[e.code], headers, body };
}
