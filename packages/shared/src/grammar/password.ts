/**
 * Passwords are data, never logged and never placed in argv. 8 characters minimum;
 * at most 1024 so hashing cost is bounded; no NUL or other control characters, which
 * some hashers (bcrypt, crypt(3)) silently truncate at.
 */
export function passwordProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length < 8) return 'must be at least 8 characters';
  if (value.length > 1024) return 'must be at most 1024 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) return 'must not contain control characters';
  return null;
}
