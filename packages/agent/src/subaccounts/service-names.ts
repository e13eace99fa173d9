import { ValidationError, domainProblem, normaliseDomain } from '@hearth/shared';

/**
 * The grammar of UserManager names, shared by the FTP, Web Disk and subaccount code.
 * cPanel allows [a-zA-Z0-9._-] (at most 64) before the domain; Hearth stores the
 * lowercase form, so "Bob" and "bob" are one identity, and refuses anything that could
 * split a line of the files it renders (':' ' ' '/' newline) by construction.
 */
export const SERVICE_TYPES = ['email', 'ftp', 'webdisk'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

const LOCAL = /^[a-z0-9._-]{1,64}$/;
export const CRYPT_HASH = /^\$6\$(?:rounds=[0-9]{4,9}\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}$/;
/** Relative directory inside a home: segments of [A-Za-z0-9._-], never "." or "..". */
const SEGMENT = /^[A-Za-z0-9._-]{1,255}$/;

export function subUsernameProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'The username is required.';
  if (value.length > 64) return 'The username may not exceed 64 characters.';
  if (!/^[a-zA-Z0-9._-]+$/.test(value)) return 'The username may only contain letters, digits, dots (.), hyphens (-) and underscores (_).';
  if (value === '.' || value === '..') return 'The username may not be "." or "..".';
  return null;
}

export function checkSubUsername(value: unknown): string {
  const problem = subUsernameProblem(value);
  if (problem) throw new ValidationError(problem, [{ field: 'username', message: problem }]);
  const lower = (value as string).toLowerCase();
  if (!LOCAL.test(lower)) throw new ValidationError('Invalid username', [{ field: 'username', message: 'is invalid' }]);
  return lower;
}

export function checkServiceDomain(value: unknown): string {
  const problem = typeof value === 'string' ? domainProblem(value) : 'must be a string';
  if (problem || normaliseDomain(value as string) !== value) {
    throw new ValidationError(`The domain is invalid: ${problem ?? 'it must be in canonical (lowercase) form'}.`, [{ field: 'domain', message: problem ?? 'must be canonical' }]);
  }
  return value as string;
}

export function fullUsername(username: string, domain: string): string {
  const full = `${username}@${domain}`;
  if (full.length > 254) throw new ValidationError('The full username (username@domain) may not exceed 254 characters.', [{ field: 'username', message: 'too long with the domain' }]);
  return full;
}

/** Splits "user@domain" (the only form a login takes in Hearth's files). */
export function splitFullUsername(value: unknown): { username: string; domain: string } {
  if (typeof value !== 'string') throw new ValidationError('The full_username is required.', [{ field: 'full_username', message: 'must be a string' }]);
  const at = value.lastIndexOf('@');
  if (at <= 0) throw new ValidationError('The full_username must be username@domain.', [{ field: 'full_username', message: 'must be username@domain' }]);
  const username = checkSubUsername(value.slice(0, at));
  const domain = checkServiceDomain(value.slice(at + 1).toLowerCase());
  fullUsername(username, domain);
  return { username, domain };
}

export function checkCryptHash(hash: string): string {
  if (!CRYPT_HASH.test(hash)) throw new ValidationError('Invalid password hash');
  return hash;
}

/**
 * A directory relative to the account's home, as UserManager takes it ("/sub", "public_html/x",
 * "" = the home itself). Returned without leading or trailing slash; ".." or "." segments,
 * empty segments and any other character are refused, so the path can never leave the home.
 */
export function checkHomedir(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 1024) throw new ValidationError(`The ${field} is invalid.`, [{ field, message: 'must be a path of at most 1024 characters' }]);
  const trimmed = value.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  const segments = trimmed.split('/');
  for (const s of segments) {
    if (!SEGMENT.test(s) || s === '.' || s === '..') {
      throw new ValidationError(`The ${field} "${value.slice(0, 64).replace(/[^ -~]/g, '?')}" is invalid: use a path inside the home directory made of letters, digits, ".", "_" and "-".`, [{ field, message: 'must stay inside the home directory' }]);
    }
  }
  return segments.join('/');
}

const ABS_PATH = /^\/[A-Za-z0-9._/-]+$/;
const OWNER = /^[a-z][a-z0-9]{2,31}$/;

/** The fields every service-account line (FTP, Web Disk) carries. */
export interface ServiceEntryFields {
  username: string;
  domain: string;
  /** SHA-512 crypt(3) hash ($6$…), the same string the other services of a subaccount hold. */
  hash: string;
  /** The hosting account's Linux uid/gid: every file the login writes belongs to them. */
  uid: number;
  gid: number;
  /** The hosting account (Linux user) that owns this login. */
  owner: string;
  /** Relative to the owner's home ("" = the home itself). */
  homedir: string;
  /** Absolute directory = {home}/{homedir}. */
  dir: string;
}

/** "user@domain" of a service account, checked. */
export function serviceLogin(e: Pick<ServiceEntryFields, 'username' | 'domain'>): string {
  return fullUsername(checkSubUsername(e.username), checkServiceDomain(e.domain));
}

/**
 * Checks the shared fields of a service-account line against strict alphabets, so no
 * value can add a field or a line; returns the login, the checked relative homedir and
 * the absolute directory without trailing slashes.
 */
export function checkServiceEntry(e: ServiceEntryFields, service: string, homedirField: string): { login: string; homedir: string; dir: string } {
  const login = serviceLogin(e);
  checkCryptHash(e.hash);
  if (!Number.isInteger(e.uid) || e.uid < 1000 || !Number.isInteger(e.gid) || e.gid < 1) throw new ValidationError(`Invalid ${service} uid/gid`);
  if (!OWNER.test(e.owner)) throw new ValidationError(`Invalid ${service} owner`);
  const homedir = checkHomedir(e.homedir, homedirField);
  if (!ABS_PATH.test(e.dir) || e.dir.split('/').some((s) => s === '..' || s === '.')) throw new ValidationError(`Invalid ${service} directory`);
  return { login, homedir, dir: e.dir.replace(/\/+$/, '') };
}
