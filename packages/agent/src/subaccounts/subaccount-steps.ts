import type { OperationDef } from '../operations/operation-runner';
import type { Step } from '../operations/step';
import type { PostfixDovecotMail } from '../mail/postfix-dovecot-mail';
import type { MailboxEntry } from '../mail/mail-lines';
import { writeIdentities } from './identity-store';
import { ensureUserDir } from './home-dirs';
import type { Change, SubaccountPlan } from './subaccount-plan';
import type { SubaccountsContext, SubaccountsNeeds } from './subaccounts-parts';

function mail(ctx: SubaccountsContext): PostfixDovecotMail {
  if (!ctx.config.mail.enabled || !ctx.parts.mail) throw new Error('mail is not enabled on this host');
  return ctx.parts.mail;
}

/** Puts a mailbox into the given state: the login before the recipient, as the mail module does. */
async function writeMailbox(ctx: SubaccountsContext, state: MailboxEntry | null, other: MailboxEntry | null): Promise<void> {
  const m = mail(ctx);
  if (state) {
    await m.ensureMaildir(state.local, state.domain);
    await m.putUser(state);
    await m.addRecipient(state.local, state.domain);
  } else if (other) {
    await m.removeRecipient(other.local, other.domain);
    await m.removeUser(other.local, other.domain);
  }
}

function each<T>(changes: Change<T>[], write: (state: T | null, other: T | null) => Promise<void>, direction: 'apply' | 'undo'): Promise<void> {
  return changes.reduce(async (prev, c) => {
    await prev;
    if (direction === 'apply') await write(c.after, c.before);
    else await write(c.before, c.after);
  }, Promise.resolve());
}

const dirsStep: Step<SubaccountPlan, SubaccountsNeeds> = {
  name: 'subaccount_dirs',
  async apply(p, ctx) {
    for (const d of p.dirs) await ensureUserDir(ctx.parts.exec, p.home, d.path, p.uid, p.gid, d.mode);
  },
  // The directories are the customer's own (made with its rights); they may already hold files.
  async undo() {},
};

const emailStep: Step<SubaccountPlan, SubaccountsNeeds> = {
  name: 'subaccount_email',
  apply: (p, ctx) => each(p.email, (s, o) => writeMailbox(ctx, s, o), 'apply'),
  undo: (p, ctx) => each(p.email, (s, o) => writeMailbox(ctx, s, o), 'undo'),
};

function ftpWriter(ctx: SubaccountsContext) {
  return async (state: import('../ftp/pureftpd-lines').FtpEntry | null, other: import('../ftp/pureftpd-lines').FtpEntry | null): Promise<void> => {
    const ftp = ctx.parts.ftp;
    if (!ftp) throw new Error('FTP is not enabled on this host');
    if (state) await ftp.put(state);
    else if (other) await ftp.remove(other.username, other.domain);
  };
}

const ftpStep: Step<SubaccountPlan, SubaccountsNeeds> = {
  name: 'subaccount_ftp',
  apply: (p, ctx) => each(p.ftp, ftpWriter(ctx), 'apply'),
  undo: (p, ctx) => each(p.ftp, ftpWriter(ctx), 'undo'),
};

function webdiskWriter(ctx: SubaccountsContext) {
  return async (state: import('../webdisk/webdisk-lines').WebdiskEntry | null, other: import('../webdisk/webdisk-lines').WebdiskEntry | null): Promise<void> => {
    const webdisk = ctx.parts.webdisk;
    if (!webdisk) throw new Error('Web Disk is not enabled on this host');
    if (state) await webdisk.put(state);
    else if (other) await webdisk.remove(other.username, other.domain);
  };
}

const webdiskStep: Step<SubaccountPlan, SubaccountsNeeds> = {
  name: 'subaccount_webdisk',
  apply: (p, ctx) => each(p.webdisk, webdiskWriter(ctx), 'apply'),
  undo: (p, ctx) => each(p.webdisk, webdiskWriter(ctx), 'undo'),
};

const identitiesStep: Step<SubaccountPlan, SubaccountsNeeds> = {
  name: 'subaccount_identities',
  async apply(p, ctx) {
    if (p.identities.after) await writeIdentities(ctx.config.stateDir, p.owner, p.identities.after);
  },
  async undo(p, ctx) {
    if (p.identities.before) await writeIdentities(ctx.config.stateDir, p.owner, p.identities.before);
  },
};

/** Last: the only step that cannot be undone (the messages are gone). */
const purgeStep: Step<SubaccountPlan, SubaccountsNeeds> = {
  name: 'subaccount_purge_maildirs',
  async apply(p, ctx) {
    for (const m of p.purgeMaildirs) await mail(ctx).removeMaildir(m.local, m.domain);
  },
  async undo() {},
};

/** Every UserManager change (create, edit, delete, merge, unlink, dismiss) is this one journaled operation. */
export const userManagerChange: OperationDef<SubaccountPlan, SubaccountsNeeds> = {
  kind: 'usermanager_change',
  recovery: 'rollback',
  steps: [dirsStep, emailStep, ftpStep, webdiskStep, identitiesStep, purgeStep],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recovery looks operations up by kind, whatever their input
export const SUBACCOUNT_OPERATIONS: OperationDef<any, SubaccountsNeeds>[] = [userManagerChange];
