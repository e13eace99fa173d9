import type { AccountSpec, Step } from '../operations/step';
import { removeIdentities } from './identity-store';
import type { SubaccountsNeeds } from './subaccounts-parts';

/**
 * The hosting account's lifecycle as it touches service accounts. Email logins follow the
 * mail domain (the mail module suspends and removes the domain); FTP and Web Disk logins
 * are Hearth's own: suspension disables each of them (pure-ftpd refuses the "!"-prefixed
 * hash, the Web Disk server refuses a disabled line), deletion removes them and the
 * identity file.
 */
export const suspendServiceAccountsStep: Step<AccountSpec, SubaccountsNeeds> = {
  name: 'suspend_service_accounts',
  async apply(spec, ctx) {
    await ctx.parts.ftp?.setOwnerEnabled(spec.username, false);
    await ctx.parts.webdisk?.setOwnerEnabled(spec.username, false);
  },
  async undo(spec, ctx) {
    await ctx.parts.ftp?.setOwnerEnabled(spec.username, true);
    await ctx.parts.webdisk?.setOwnerEnabled(spec.username, true);
  },
};

export const unsuspendServiceAccountsStep: Step<AccountSpec, SubaccountsNeeds> = {
  name: 'unsuspend_service_accounts',
  apply: (spec, ctx) => suspendServiceAccountsStep.undo(spec, ctx),
  undo: (spec, ctx) => suspendServiceAccountsStep.apply(spec, ctx),
};

/** Delete (rolled forward): logins first, so nobody signs in while the home is removed. */
export const removeServiceAccountsStep: Step<AccountSpec, SubaccountsNeeds> = {
  name: 'remove_service_accounts',
  async apply(spec, ctx) {
    await ctx.parts.ftp?.removeOwner(spec.username);
    await ctx.parts.webdisk?.removeOwner(spec.username);
    await removeIdentities(ctx.config.stateDir, spec.username);
  },
  async undo() {},
};
