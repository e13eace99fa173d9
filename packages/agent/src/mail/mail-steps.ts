import type { AccountSpec, Step } from '../operations/step';
import type { PostfixDovecotMail } from './postfix-dovecot-mail';
import type { MailContext, MailParts } from './mail-parts';

/** The mail collaborator when mail is enabled on this host; null makes every step a no-op. */
export function mailOf(ctx: MailContext): PostfixDovecotMail | null {
  return ctx.config.mail.enabled ? ctx.parts.mail ?? null : null;
}

/** Create: Postfix accepts mail for the account's domain (mailboxes come later). */
export const mailDomainStep: Step<AccountSpec, MailParts> = {
  name: 'mail_domain',
  async apply(spec, ctx) {
    await mailOf(ctx)?.addDomain(spec.domain);
  },
  async undo(spec, ctx) {
    await mailOf(ctx)?.removeDomain(spec.domain);
  },
};

/** Delete: every map line of the domain, its Dovecot users and its maildirs. Rolled forward. */
export const removeMailDomainStep: Step<AccountSpec, MailParts> = {
  name: 'remove_mail_domain',
  async apply(spec, ctx) {
    await mailOf(ctx)?.removeDomain(spec.domain);
  },
  async undo() {},
};

/** Suspend: inbound mail gets 450 (retry later) and IMAP logins are refused. */
export const suspendMailStep: Step<AccountSpec, MailParts> = {
  name: 'suspend_mail',
  async apply(spec, ctx) {
    await mailOf(ctx)?.suspendDomain(spec.domain);
  },
  async undo(spec, ctx) {
    await mailOf(ctx)?.unsuspendDomain(spec.domain);
  },
};

export const unsuspendMailStep: Step<AccountSpec, MailParts> = {
  name: 'unsuspend_mail',
  async apply(spec, ctx) {
    await mailOf(ctx)?.unsuspendDomain(spec.domain);
  },
  async undo(spec, ctx) {
    await mailOf(ctx)?.suspendDomain(spec.domain);
  },
};

/** GetAccount reports "mail_domain" when Postfix accepts mail for the domain. */
export async function mailDomainProbe(account: { username: string; domain: string }, ctx: MailContext): Promise<boolean> {
  const mail = mailOf(ctx);
  return mail ? mail.hasDomain(account.domain) : false;
}
mailDomainProbe.component = 'mail_domain';
