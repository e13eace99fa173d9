import { ValidationError, USERNAME_PATTERN, domainProblem, normaliseDomain } from '@hearth/shared';

/**
 * The last line of defence before a value is written into an nginx or PHP-FPM file:
 * whatever the API and the RPC layer checked, a renderer only accepts values from a
 * tiny alphabet, so `;`, `{`, `}`, quotes, `$`, whitespace or a newline can never end a
 * directive or open a block. Each function returns its argument or throws.
 */
function refuse(what: string, value: unknown): never {
  throw new ValidationError(`Refusing to render ${what}: value outside the allowed alphabet`, [
    { field: what, message: 'contains characters a config file must never receive' },
  ]);
}

/** A canonical (lowercase, punycode, no trailing dot) fully qualified domain. */
export function safeDomain(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z0-9.-]{1,253}$/.test(value)) return refuse('domain', value);
  if (normaliseDomain(value) !== value || domainProblem(value) !== null) return refuse('domain', value);
  return value;
}

export function safeUsername(value: unknown): string {
  if (typeof value !== 'string' || !USERNAME_PATTERN.test(value)) return refuse('username', value);
  return value;
}

/** An absolute path of plain segments: no `..`, no `//`, nothing but [A-Za-z0-9._/-]. */
export function safePath(value: unknown, what = 'path'): string {
  if (typeof value !== 'string' || !/^\/[A-Za-z0-9._/-]{0,4095}$/.test(value)) return refuse(what, value);
  if (/(^|\/)\.\.?(\/|$)/.test(value) || value.includes('//')) return refuse(what, value);
  return value;
}

export function safePhpVersion(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9]{1,2}\.[0-9]{1,2}$/.test(value)) return refuse('php version', value);
  return value;
}

/** A system user or group name (the web server's, e.g. www-data). */
export function safeSystemName(value: unknown, what = 'system user'): string {
  if (typeof value !== 'string' || !/^[a-z_][a-z0-9_-]{0,31}$/.test(value)) return refuse(what, value);
  return value;
}

/** An nginx `listen` value: port, addr:port or [v6]:port. */
export function safeListen(value: unknown): string {
  if (typeof value !== 'string' || !/^(?:\[[0-9a-f:]{2,39}\]:|[0-9]{1,3}(?:\.[0-9]{1,3}){3}:)?[0-9]{1,5}$/.test(value)) {
    return refuse('listen', value);
  }
  return value;
}

export function safeInteger(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) return refuse(what, value);
  return value;
}
