import { domainProblem, normaliseDomain } from './domain';

/**
 * Contact addresses: a conservative dot-atom local part (RFC 5322 without quoted
 * strings or comments) and a domain that passes the domain grammar. CR/LF and NUL
 * cannot appear because the alphabet excludes them. 254 is the SMTP path limit.
 */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export function emailProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > 254) return 'must be at most 254 characters';
  const at = value.lastIndexOf('@');
  if (at <= 0) return 'must be an email address';
  const local = value.slice(0, at);
  if (local.length > 64 || !LOCAL_PART.test(local)) return 'has an invalid local part';
  const domainIssue = domainProblem(value.slice(at + 1));
  return domainIssue ? `has a domain that ${domainIssue}` : null;
}

export function normaliseEmail(value: string): string {
  const at = value.lastIndexOf('@');
  return `${value.slice(0, at)}@${normaliseDomain(value.slice(at + 1))}`;
}
