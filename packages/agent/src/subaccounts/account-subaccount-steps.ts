import type { AccountSpec, Step } from '../operations/step';
import { removeIdentities } from './identity-store';

/**
 * The hosting account's lifecycle as it touches service accounts. Email logins follow the
 * mail domain (the mail module suspends and removes the domain); FTP and Web Disk logins
 * are Hearth's own: suspension disables each of them (pure-ftpd refuses the "!"-prefixed
 * hash, the Web Disk server refuses a disabled line), deletion removes them and the
 * identity file.
 */
export const suspendServiceAccountsStep: Step<AccountSpec> = {
  name: 'suspend_service_accounts',
  async apply(spec, ctx) {
    await ctx.services.ftp?.setOwnerEnabled(spec.username, false);
    await ctx.services.webdisk?.setOwnerEnabled(spec.username, false);
  },
  async undo(spec, ctx) {
    await ctx.services.ftp?.setOwnerEnabled(spec.username, true);
    await ctx.services.webdisk?.setOwnerEnabled(spec.username, true);
  },
};

export const unsuspendServiceAccountsStep: Step<AccountSpec> = {
  name: 'unsuspend_service_accounts',
  apply: (spec, ctx) => suspendServiceAccountsStep.undo(spec, ctx),
  undo: (spec, ctx) => suspendServiceAccountsStep.apply(spec, ctx),
};

/** Delete (rolled forward): logins first, so nobody signs in while the home is removed. */
export const removeServiceAccountsStep: Step<AccountSpec> = {
  name: 'remove_service_accounts',
  async apply(spec, ctx) {
    await ctx.services.ftp?.removeOwner(spec.username);
    await ctx.services.webdisk?.removeOwner(spec.username);
    await removeIdentities(ctx.config.stateDir, spec.username);
  },
  async undo() {},
};
