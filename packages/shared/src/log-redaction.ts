/**
 * What keeps secrets out of every log line (see logger.ts): URLs lose their query string and
 * userinfo (UAPI and cPanel clients send arguments, passwords included, in the query string),
 * and any field whose name says it holds a secret is replaced, at any depth.
 */
export const REDACTED = '[redacted]';

/** Field names whose values never reach a log, wherever they are nested (`services.ftp.password` too). */
export const SECRET_KEY = /(pass(word|wd|phrase)?|secret|token|authorization|cookie|private_?key|api_?key|credentials?)$/i;

/** Keys whose values are URLs or request targets. */
const URL_KEY = /^(url|originalUrl|href|uri|target|location|referr?er)$/i;

/** `scheme://user:pass@host/path?query#frag` → `scheme://[redacted]@host/path?[redacted]`. */
export function redactUrl(value: string): string {
  let out = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
  const hash = out.indexOf('#');
  if (hash >= 0) out = out.slice(0, hash);
  const q = out.indexOf('?');
  return q >= 0 ? `${out.slice(0, q)}?${REDACTED}` : out;
}

/** Userinfo inside free text (an error message naming `mysql://user:pass@host`). */
export function redactUserinfo(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`);
}

/**
 * A copy of a log object with secrets removed: secret-named fields replaced, URL fields
 * redacted. Errors and other class instances pass through (pino's serializers handle them);
 * depth and width are bounded so a huge object cannot stall logging.
 */
export function scrubLogObject<T>(value: T, depth = 0): T {
  if (!value || typeof value !== 'object' || depth > 8 || value instanceof Error) return value;
  if (Array.isArray(value)) return value.slice(0, 1000).map((v) => scrubLogObject(v, depth + 1)) as unknown as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '') out[k] = REDACTED;
    else if (URL_KEY.test(k) && typeof v === 'string') out[k] = redactUrl(v);
    else if (typeof v === 'string' && v.includes('://')) out[k] = redactUserinfo(v);
    else out[k] = scrubLogObject(v, depth + 1);
  }
  return out as T;
}
