import { RESERVED_USERNAMES } from './reserved-names';

/**
 * Account usernames become Linux users, MariaDB prefixes ("{user}_{db}", 64 chars max)
 * and path components, so the alphabet is deliberately tiny: a lowercase letter, then
 * lowercase letters and digits; 3–32 characters. No '_' so "bob_" can never be a
 * prefix of another account's database names, no '-' or '.' for paths and config files.
 */
export const USERNAME_PATTERN = /^[a-z][a-z0-9]{2,31}$/;

export function usernameProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (!USERNAME_PATTERN.test(value)) {
    return 'must be 3-32 characters: a lowercase letter followed by lowercase letters or digits';
  }
  if (RESERVED_USERNAMES.has(value)) return 'is a reserved name';
  return null;
}

export function isValidUsername(value: unknown): value is string {
  return usernameProblem(value) === null;
}
