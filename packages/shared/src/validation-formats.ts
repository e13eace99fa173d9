import { documentRootProblem, domainProblem, emailProblem, passwordProblem, usernameProblem } from './grammar';

/** Says what is wrong with a value, or null when it is fine. */
export type ProblemOf = (value: unknown) => string | null;

/**
 * A whole number written as a decimal string (query parameters arrive as strings): no
 * sign, no leading zero, no spaces, within [min, max].
 */
export function integerStringProblem(min: number, max: number): ProblemOf {
  const digits = String(max).length;
  const shape = new RegExp(`^(0|[1-9][0-9]{0,${digits - 1}})$`);
  return (v) => (typeof v === 'string' && shape.test(v) && Number(v) >= min && Number(v) <= max ? null : `must be an integer from ${min} to ${max}`);
}

function matching(pattern: RegExp, problem: string): ProblemOf {
  return (v) => (typeof v === 'string' && pattern.test(v) ? null : problem);
}

/**
 * Every string format a Hearth request schema may name, each with the sentence that says
 * what is wrong. Request schemas use these instead of `pattern`, whose only possible
 * message is the regular expression itself.
 */
export const HEARTH_FORMATS: Readonly<Record<string, ProblemOf>> = {
  'hearth-username': usernameProblem,
  'hearth-domain': domainProblem,
  /** A document root relative to the account's home (addon domains, subdomains). */
  'hearth-document-root': documentRootProblem,
  'hearth-email': emailProblem,
  'hearth-password': passwordProblem,
  /** ?page= */
  'hearth-page': integerStringProblem(1, 9_999_999),
  /** ?per_page= */
  'hearth-per-page': integerStringProblem(1, 100),
  /** An id in a query string (?actor_id=). */
  'hearth-id': integerStringProblem(1, 9_999_999_999),
  /** Logins of people: lowercase, like usernames but a little wider (dots, dashes). */
  'hearth-login': matching(/^[a-z][a-z0-9._-]{2,63}$/, 'must be 3-64 characters: a lowercase letter followed by lowercase letters, digits, dots, hyphens or underscores'),
  /** Free text shown to people (names): any character but control characters. */
  'hearth-text': matching(/^[^\x00-\x1f\x7f]*$/u, 'must not contain control characters'),
  'hearth-package-name': matching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, 'must be 1-64 characters: a letter or digit, then letters, digits, spaces, dots, hyphens or underscores'),
  'hearth-php-version': matching(/^[5-9]\.[0-9]{1,2}$/, 'must be a PHP version such as 8.2'),
  'hearth-pem-certificate': matching(/-----BEGIN CERTIFICATE-----/, 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)'),
  'hearth-pem-private-key': matching(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'must be a PEM private key (-----BEGIN PRIVATE KEY-----)'),
};
