import type { AccountDomainEntry } from '../operations/account-record';
import type { StepContext } from '../operations/step';
import type { WebParts } from '../web/web-parts';
import type { DnsParts } from '../dns/dns-parts';
import type { MailParts } from '../mail/mail-parts';
import type { TlsParts } from '../tls/tls-parts';

/** What a domain operation's steps read from the step context. */
export type DomainParts = WebParts & DnsParts & MailParts & TlsParts;
export type DomainContext = StepContext<DomainParts>;

/**
 * The journal input of adding or removing one domain: already re-validated, derived
 * from the request and the agent's own record (never the caller's word for zone or
 * document root of a target).
 */
export interface DomainSpec {
  username: string;
  /** The account's primary domain. */
  accountDomain: string;
  entry: AccountDomainEntry;
}

/** The web module's identity of the domain's vhost: the account's username, the domain's name. */
export function webAccountOf(spec: DomainSpec): { username: string; domain: string } {
  return { username: spec.username, domain: spec.entry.domain };
}
