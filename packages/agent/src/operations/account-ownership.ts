import { ConflictError, NotFoundError, ValidationError } from '@hearth/shared';
import { listAccountRecords, readAccountRecord, recordDomains, RecordContext } from './account-record';

/**
 * The agent's own answer to "does this domain belong to this account?", from its records
 * ({stateDir}/accounts/), never from the caller's word: whoever holds the socket could
 * otherwise name victim.example's domain with their own username and have its vhost, mail,
 * certificate or zone removed. Every request naming an account and a domain passes here
 * before anything is journaled, so a refusal changes nothing.
 */

/** Same name, or one inside the other (a.example / x.a.example): never two accounts'. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/** The account whose record claims `domain` (or a parent or subdomain of it), other than `username`. */
async function claimedByAnother(ctx: RecordContext, username: string, domain: string): Promise<string | null> {
  // Every domain of a record counts: the primary and the addon domains, subdomains and aliases.
  const other = (await listAccountRecords(ctx)).find((r) => r.username !== username && recordDomains(r).some((d) => overlaps(d, domain)));
  return other ? other.username : null;
}

function notThisAccounts(username: string, domain: string): ValidationError {
  return new ValidationError(`Domain ${domain} does not belong to account ${username}`, [{ field: 'domain', message: 'does not belong to this account' }]);
}

/**
 * The account must be recorded here with exactly this domain. For operations on what is
 * inside an account (mailboxes, certificates, DNS records): no record, no operation.
 */
export async function requireAccountDomain(ctx: RecordContext, username: string, domain: string): Promise<void> {
  const record = await readAccountRecord(ctx, username);
  if (!record) throw new NotFoundError(`Account ${username} does not exist on this host`);
  if (record.domain !== domain) throw notThisAccounts(username, domain);
}

/**
 * As requireAccountDomain, but an added domain with its own zone (an addon domain) counts
 * too: for its DNS records and its mailboxes. (Certificates stay primary-only: the TLS
 * module rewrites the primary's vhost.)
 */
export async function requireAccountZoneDomain(ctx: RecordContext, username: string, domain: string): Promise<void> {
  const record = await readAccountRecord(ctx, username);
  if (!record) throw new NotFoundError(`Account ${username} does not exist on this host`);
  if (record.domain !== domain && !record.domains?.some((d) => d.domain === domain && d.hasZone)) throw notThisAccounts(username, domain);
}

/**
 * For delete, suspend, unsuspend and repair of a whole account: a recorded account must
 * be named with its own domain. An account without a record (a create that never got that
 * far, a delete already finished) may still be cleaned up, but only under a domain no other
 * recorded account claims.
 */
export async function requireLifecycleDomain(ctx: RecordContext, username: string, domain: string): Promise<void> {
  const record = await readAccountRecord(ctx, username);
  if (record) {
    if (record.domain !== domain) throw notThisAccounts(username, domain);
    return;
  }
  if (await claimedByAnother(ctx, username, domain)) throw notThisAccounts(username, domain);
}

/** Before a create: no other recorded account may hold this domain, a parent or a subdomain. */
export async function requireDomainUnclaimed(ctx: RecordContext, username: string, domain: string): Promise<void> {
  const owner = await claimedByAnother(ctx, username, domain);
  if (owner) throw new ConflictError(`Domain ${domain} overlaps a domain of another account on this host`, [{ field: 'domain', message: 'belongs to another account' }]);
}
