/**
 * An addon domain's or subdomain's document root: a path relative to the account's home
 * ("shop.example", "sites/blog/public"). Refused: absolute paths, `.` and `..` segments,
 * empty segments (`a//b`), hidden segments (`.ssh`, `.config`: the customer's secrets
 * must never become a web root), anything outside [A-Za-z0-9._-], and the directories of
 * the home Hearth itself uses (logs, tmp). The agent checks again, by descriptor, that no
 * existing component is a symlink.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
const MAX_LENGTH = 255;
const MAX_DEPTH = 8;
const RESERVED_FIRST = new Set(['logs', 'tmp', 'mail', 'etc', 'ssl']);

export function documentRootProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_LENGTH) return `must be at most ${MAX_LENGTH} characters`;
  if (value.startsWith('/')) return 'must be a path relative to the home directory, not an absolute path';
  const segments = value.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'must not contain ".." (it must stay inside the home directory)';
  if (segments.some((s) => s === '' || s === '.')) return 'must not contain empty or "." segments';
  if (segments.some((s) => s.startsWith('.'))) return 'must not contain hidden directories (segments starting with ".")';
  if (!segments.every((s) => SEGMENT.test(s))) return 'may contain only letters, digits, dots, hyphens, underscores and slashes';
  if (segments.length > MAX_DEPTH) return `must be at most ${MAX_DEPTH} directories deep`;
  if (RESERVED_FIRST.has(segments[0])) return `must not be inside ~/${segments[0]} (used by the server)`;
  return null;
}

/** The canonical form: no trailing slash. Only for values documentRootProblem accepted. */
export function normaliseDocumentRoot(value: string): string {
  return value.replace(/\/$/, '');
}
