import { domainToASCII } from 'node:url';

/**
 * Domains are normalised to one canonical form before validation and uniqueness:
 * trimmed of one trailing dot, lowercased, IDN converted to punycode (A-labels).
 * The canonical form uses only [a-z0-9.-], which is what config renderers accept.
 */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const MAX_DOMAIN_LENGTH = 253;
const FORBIDDEN_NAMES = new Set(['localhost', 'localdomain', 'local', 'invalid', 'test']);

/**
 * Whitespace and control characters are refused before any IDN mapping: WHATWG's
 * domainToASCII silently strips tabs and newlines and would turn "a\nb.com" into "ab.com".
 * (Other ASCII punctuation is left for the callers' alphabets to refuse.)
 */
const SAFE_INPUT = /^[^\x00-\x20\x7f\p{Z}\p{C}]*$/u;

export function normaliseDomain(value: string): string {
  if (!SAFE_INPUT.test(value)) return '';
  const trimmed = value.endsWith('.') ? value.slice(0, -1) : value;
  // domainToASCII returns '' for anything WHATWG URL parsing refuses.
  return /^[\x00-\x7f]*$/.test(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed);
}

export function domainProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_DOMAIN_LENGTH + 1) return 'is too long';
  const name = normaliseDomain(value);
  if (name === '') return 'is not a valid domain name';
  if (name.length > MAX_DOMAIN_LENGTH) return 'is too long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only letters, digits, hyphens and dots';
  const labels = name.split('.');
  if (labels.length < 2) return 'must be a fully qualified domain name';
  if (labels.some((l) => l.length === 0)) return 'has an empty label (two dots in a row, or a dot at the start)';
  if (labels.some((l) => l.length > 63)) return 'has a label longer than 63 characters';
  if (!labels.every((l) => LABEL.test(l))) return 'has a label that starts or ends with a hyphen';
  if (labels.some((l) => /^..--/.test(l) && !l.startsWith('xn--'))) return 'has a label with reserved hyphens';
  if (!TLD.test(labels[labels.length - 1])) return 'must end in an alphabetic top-level domain';
  if (FORBIDDEN_NAMES.has(labels[labels.length - 1])) return 'uses a reserved top-level domain';
  return null;
}

export function isValidDomain(value: unknown): value is string {
  return domainProblem(value) === null;
}

/** True when `a` equals `b` or one is a subdomain of the other. */
export function domainsOverlap(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** Every parent of a domain, nearest first, excluding the domain itself. */
export function parentDomains(domain: string): string[] {
  const labels = domain.split('.');
  const parents: string[] = [];
  for (let i = 1; i < labels.length - 1; i++) parents.push(labels.slice(i).join('.'));
  return parents;
}
