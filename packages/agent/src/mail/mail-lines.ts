import { ValidationError, domainProblem, mailLocalPartProblem, mailQuotaProblem, normaliseDomain } from '@hearth/shared';
import { DOVECOT_HASH_PATTERN } from './sha512-crypt';

/**
 * Renderers and parsers of the lines Hearth owns in the Postfix maps and the Dovecot
 * passwd-file. Every value is checked against a strict alphabet before it becomes part of
 * a line, so no input can add a second line, a second field, or a path outside the
 * maildir root: the only characters that reach these files are [a-z0-9.+_-@/:{}$=*] in
 * the positions the renderers put them.
 */

export interface MailboxEntry {
  address: string;
  local: string;
  domain: string;
  passwordHash: string;
  /** 0 = unlimited. */
  quotaMb: number;
}

const SAFE_PATH = /^\/[A-Za-z0-9._/-]+$/;

export function checkDomain(domain: string): string {
  const problem = domainProblem(domain);
  if (problem || normaliseDomain(domain) !== domain) {
    throw new ValidationError('Invalid mail domain', [{ field: 'domain', message: problem ?? 'must be in canonical form' }]);
  }
  return domain;
}

export function checkLocalPart(local: string): string {
  const problem = mailLocalPartProblem(local);
  if (problem) throw new ValidationError('Invalid local part', [{ field: 'local_part', message: problem }]);
  return local;
}

export function checkQuota(quotaMb: number): number {
  const problem = mailQuotaProblem(quotaMb);
  if (problem) throw new ValidationError('Invalid quota', [{ field: 'quota_mb', message: problem }]);
  return quotaMb;
}

export function addressOf(local: string, domain: string): string {
  return `${checkLocalPart(local)}@${checkDomain(domain)}`;
}

/** Splits an address we rendered ourselves; anything else is refused. */
export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  if (at <= 0) throw new ValidationError('Invalid address', [{ field: 'address', message: 'must be local@domain' }]);
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  addressOf(local, domain);
  return { local, domain };
}

/** Postfix virtual_mailbox_domains (hash): the value is ignored but must exist. */
export function vdomainsLine(domain: string): string {
  return `${checkDomain(domain)} OK`;
}

/** Postfix virtual_mailbox_maps (hash): a trailing slash means Maildir. */
export function vmailboxLine(local: string, domain: string): string {
  return `${addressOf(local, domain)} ${domain}/${local}/`;
}

/**
 * Postfix check_recipient_access (hash), looked up by the recipient's domain: a 4xx
 * tells senders to retry later, so mail queued while the account is suspended is
 * delivered after unsuspension rather than bounced.
 */
export function suspendedMapLine(domain: string): string {
  return `${checkDomain(domain)} 450 4.2.1 Mailbox temporarily unavailable`;
}

/** Dovecot deny passdb keyed by domain (username_format=%d): present = logins refused. */
export function dovecotSuspendedLine(domain: string): string {
  return `${checkDomain(domain)}:`;
}

export function maildirOf(maildirRoot: string, local: string, domain: string): string {
  if (!SAFE_PATH.test(maildirRoot)) throw new ValidationError('Invalid maildir root');
  return `${maildirRoot.replace(/\/+$/, '')}/${checkDomain(domain)}/${checkLocalPart(local)}`;
}

/**
 * Dovecot passwd-file: user:password:uid:gid:gecos:home:shell:extra. The home is the
 * maildir (mail_location = maildir:~). The quota is an extra field for the quota plugin.
 */
export function dovecotUserLine(entry: MailboxEntry, uid: number, gid: number, maildirRoot: string): string {
  const address = addressOf(entry.local, entry.domain);
  if (!DOVECOT_HASH_PATTERN.test(entry.passwordHash)) throw new ValidationError('Invalid password hash');
  if (!Number.isInteger(uid) || uid <= 0 || !Number.isInteger(gid) || gid <= 0) throw new ValidationError('Invalid vmail uid/gid');
  const quota = checkQuota(entry.quotaMb);
  const extra = quota > 0 ? `userdb_quota_rule=*:storage=${quota}M` : '';
  return `${address}:${entry.passwordHash}:${uid}:${gid}::${maildirOf(maildirRoot, entry.local, entry.domain)}::${extra}`;
}

/** Reads back a line we wrote; returns null for anything that is not ours. */
export function parseDovecotUserLine(line: string): MailboxEntry | null {
  const fields = line.split(':');
  if (fields.length < 8) return null;
  const [address, passwordHash] = fields;
  const extra = fields.slice(7).join(':');
  try {
    const { local, domain } = splitAddress(address);
    const quota = /userdb_quota_rule=\*:storage=([0-9]+)M/.exec(extra);
    return { address, local, domain, passwordHash, quotaMb: quota ? Number(quota[1]) : 0 };
  } catch {
    return null;
  }
}

/** The key of a line: up to the first whitespace (Postfix maps) or ':' (Dovecot files). */
export function lineKey(line: string): string {
  return line.split(/[\s:]/, 1)[0];
}

/** True for keys of this domain: the domain itself or an address at it. */
export function keyBelongsToDomain(key: string, domain: string): boolean {
  return key === domain || key.endsWith(`@${domain}`);
}
