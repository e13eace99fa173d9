import type { OperationDef } from '../operations/operation-runner';
import type { Step } from '../operations/step';
import type { MailboxEntry } from './mail-lines';
import type { PostfixDovecotMail } from './postfix-dovecot-mail';
import type { MailContext, MailParts } from './mail-parts';

/**
 * Mailbox operations as journaled step lists. The input holds the salted SHA512-CRYPT
 * hash (the same value /etc/dovecot/users holds, in the root-only journal), never the
 * password itself.
 */
export interface MailboxInput extends MailboxEntry {
  /** For updates: the entry before the change, which undo writes back. */
  previous?: MailboxEntry;
}

function mail(ctx: MailContext): PostfixDovecotMail {
  if (!ctx.parts.mail) throw new Error('mail is not enabled on this host');
  return ctx.parts.mail;
}

const maildirStep: Step<MailboxInput, MailParts> = {
  name: 'maildir',
  apply: (i, ctx) => mail(ctx).ensureMaildir(i.local, i.domain),
  undo: (i, ctx) => mail(ctx).removeMaildir(i.local, i.domain),
};

/** The login (password hash, quota) comes before the recipient: mail is never accepted for a box nobody can open. */
const dovecotUserStep: Step<MailboxInput, MailParts> = {
  name: 'dovecot_user',
  apply: (i, ctx) => mail(ctx).putUser(i),
  undo: (i, ctx) => mail(ctx).removeUser(i.local, i.domain),
};

const postfixRecipientStep: Step<MailboxInput, MailParts> = {
  name: 'postfix_recipient',
  apply: (i, ctx) => mail(ctx).addRecipient(i.local, i.domain),
  undo: (i, ctx) => mail(ctx).removeRecipient(i.local, i.domain),
};

const updateUserStep: Step<MailboxInput, MailParts> = {
  name: 'dovecot_user_update',
  apply: (i, ctx) => mail(ctx).putUser(i),
  async undo(i, ctx) {
    if (i.previous) await mail(ctx).putUser(i.previous);
  },
};

/** Delete is rolled forward: recipient first (mail refused), then login, then the files. */
const removeRecipientStep: Step<MailboxInput, MailParts> = {
  name: 'remove_postfix_recipient',
  apply: (i, ctx) => mail(ctx).removeRecipient(i.local, i.domain),
  async undo() {},
};

const removeUserStep: Step<MailboxInput, MailParts> = {
  name: 'remove_dovecot_user',
  apply: (i, ctx) => mail(ctx).removeUser(i.local, i.domain),
  async undo() {},
};

const removeMaildirStep: Step<MailboxInput, MailParts> = {
  name: 'remove_maildir',
  apply: (i, ctx) => mail(ctx).removeMaildir(i.local, i.domain),
  async undo() {},
};

export const createMailbox: OperationDef<MailboxInput, MailParts> = {
  kind: 'create_mailbox',
  recovery: 'rollback',
  steps: [maildirStep, dovecotUserStep, postfixRecipientStep],
};

export const updateMailbox: OperationDef<MailboxInput, MailParts> = {
  kind: 'update_mailbox',
  recovery: 'rollback',
  steps: [updateUserStep],
};

export const deleteMailbox: OperationDef<MailboxInput, MailParts> = {
  kind: 'delete_mailbox',
  recovery: 'rollforward',
  steps: [removeRecipientStep, removeUserStep, removeMaildirStep],
};

export const MAILBOX_OPERATIONS = [createMailbox, updateMailbox, deleteMailbox];
