/**
 * Mailbox local parts as a mail operator expects them: lowercase letters, digits and
 * the separators . - _ + (never first or last, no two dots in a row), at most 64
 * characters (RFC 5321). Lowercase only, because Dovecot lowercases logins and Postfix
 * lookups are case-insensitive: "Alice" and "alice" must be one mailbox. The alphabet
 * excludes ':' '@' whitespace, CR/LF and NUL, so a local part can never break a line of
 * /etc/postfix/vmailbox or /etc/dovecot/users, nor a path under the maildir root.
 */
export const MAIL_LOCAL_PART_PATTERN = /^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$/;

export function mailLocalPartProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > 64) return 'must be at most 64 characters';
  if (!MAIL_LOCAL_PART_PATTERN.test(value)) {
    return 'may contain only lowercase letters, digits and . - _ + (not first or last)';
  }
  if (value.includes('..')) return 'must not contain two dots in a row';
  return null;
}

/** Folds ASCII case only: toLowerCase() on Unicode maps look-alikes (KELVIN SIGN → k). */
export function normaliseLocalPart(value: string): string {
  return /^[\x21-\x7e]*$/.test(value) ? value.toLowerCase() : value;
}

/** Mail quota in MB: 0 means unlimited; the upper bound keeps "{n}M" sane for Dovecot. */
export function mailQuotaProblem(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
  if (value < 0 || value > 1_048_576) return 'must be between 0 (unlimited) and 1048576 MB';
  return null;
}
