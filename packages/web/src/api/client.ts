/**
 * The panel's only way to the server: the public REST API under /api/v1, same origin.
 * The session is an HttpOnly cookie the script never sees; every request carries the
 * X-Hearth-Session header without which the API ignores that cookie (see the API's
 * http/cookie-session.ts for why that stops cross-site requests).
 */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[],
  ) {
    super(message);
  }

  /** The agent (or the panel database) cannot be reached: retrying later is the remedy. */
  get unavailable(): boolean {
    return this.status === 503 || this.status === 0;
  }

  /** Messages per field of a 422, in the API's words. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      if (!d.field) continue;
      // "php_versions/0" or "services.email.enabled" also marks the form's field "php_versions" / "services".
      for (const f of [d.field, d.field.replace(/^\//, '').split(/[./[]/)[0]]) if (!out[f]) out[f] = d.message;
    }
    return out;
  }
}

export interface Page<T> {
  data: T[];
  meta: { page: number; per_page: number; total: number; pages: number };
}

/** Called when the session has ended (401 on anything but the login itself). */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export interface RequestOptions {
  body?: unknown;
  /** Makes a retried POST/DELETE safe: the same key never acts twice. */
  idempotencyKey?: string;
}

export async function request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'X-Hearth-Session': 'cookie', Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method, headers, credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached', []);
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  let json: { error?: string; message?: string; details?: FieldError[] } | null = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* a proxy's HTML error page: reported below by status */
  }
  if (!res.ok) {
    const err = new ApiError(res.status, json?.error ?? 'http_' + res.status, json?.message ?? res.statusText, Array.isArray(json?.details) ? json!.details : []);
    if (res.status === 401 && path !== '/auth/login') onSignedOut();
    throw err;
  }
  return json as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);

/** "?a=1&b=x" from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function newKey(): string {
  return crypto.randomUUID();
}
