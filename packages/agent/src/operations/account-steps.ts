import type { OperationDef } from './operation-runner';
import type { AccountSpec, StepContext } from './step';
import { linuxUserStep } from '../users/linux-user-step';
import { homeStep } from '../users/home-step';
import { lockLoginStep, unlockLoginStep } from '../users/login-lock-step';
import { removeHomeStep, removeUserStep, stopProcessesStep } from '../users/delete-steps';
import { dnsZoneProbe, dnsZoneStep, removeDnsZoneStep } from '../dns/dns-zone-step';
import { DNS_RECORD_OPERATIONS } from '../dns/dns-record-operations';
import { dnsZoneOrphans } from '../dns/dns-orphans';
import { databasePrefixFreeStep, dropAccountDatabasesStep, lockDatabaseUsersStep, unlockDatabaseUsersStep } from '../databases/account-database-steps';
import { DATABASE_OPERATIONS } from '../databases/database-operation-defs';
import { mailDomainProbe, mailDomainStep, removeMailDomainStep, suspendMailStep, unsuspendMailStep } from '../mail/mail-steps';
import { MAILBOX_OPERATIONS } from '../mail/mailbox-steps';
import { defaultIndexStep } from '../web/default-index-step';
import { phpPoolStep } from '../web/php-pool-step';
import { nginxVhostStep } from '../web/nginx-vhost-step';
import { suspendPoolStep, suspendVhostStep, unsuspendPoolStep, unsuspendVhostStep } from '../web/suspend-steps';
import { removePoolStep, removeVhostStep } from '../web/delete-steps';
import { removeWebLogDirStep, webLogDirStep } from '../web/log-dir-step';
import { tlsRemoveCertificateStep, tlsRequestStep, tlsStopStep } from '../tls/tls-steps';
import { phpPoolProbe, vhostProbe } from '../web/web-probes';
import { accountRecordStep, removeAccountRecordStep } from './account-record';
import { poolOrphans, vhostOrphans } from '../web/web-orphans';
import { removeServiceAccountsStep, suspendServiceAccountsStep, unsuspendServiceAccountsStep } from '../subaccounts/account-subaccount-steps';
import { SUBACCOUNT_OPERATIONS } from '../subaccounts/subaccount-steps';

/**
 * The step lists of the account lifecycle, in order. Each resource module contributes
 * its steps here; the runner undoes completed steps in reverse when one fails.
 * Create: user → home → PHP-FPM pool → vhost → reload → DNS zone → mail domain → ...
 * Delete: vhost/pool → reload → stop processes → databases → mail → DNS → home → user.
 * (Processes stop after the pool is gone: PHP-FPM respawns a pool's killed workers.)
 */
export const createAccount: OperationDef<AccountSpec> = {
  kind: 'create_account',
  recovery: 'rollback',
  steps: [databasePrefixFreeStep, accountRecordStep, linuxUserStep, homeStep, defaultIndexStep, webLogDirStep, phpPoolStep, nginxVhostStep, dnsZoneStep, mailDomainStep, tlsRequestStep],
};

export const deleteAccount: OperationDef<AccountSpec> = {
  kind: 'delete_account',
  recovery: 'rollforward',
  steps: [removeServiceAccountsStep, tlsStopStep, removeVhostStep, tlsRemoveCertificateStep, removePoolStep, stopProcessesStep, removeWebLogDirStep, dropAccountDatabasesStep, removeMailDomainStep, removeDnsZoneStep, removeHomeStep, removeUserStep, removeAccountRecordStep],
};

export const suspendAccount: OperationDef<AccountSpec> = {
  kind: 'suspend_account',
  recovery: 'rollback',
  steps: [lockLoginStep, suspendVhostStep, suspendPoolStep, lockDatabaseUsersStep, suspendMailStep, suspendServiceAccountsStep],
};

export const unsuspendAccount: OperationDef<AccountSpec> = {
  kind: 'unsuspend_account',
  recovery: 'rollback',
  steps: [unlockLoginStep, unsuspendPoolStep, unsuspendVhostStep, unlockDatabaseUsersStep, unsuspendMailStep, unsuspendServiceAccountsStep],
};

/** Re-applies the create steps (each checks before it acts) to restore missing pieces. */
export const repairAccount: OperationDef<AccountSpec> = {
  kind: 'repair_account',
  recovery: 'rollforward',
  // The prefix check refuses leftovers; a repair keeps the account's own databases.
  steps: createAccount.steps.filter((s) => s !== databasePrefixFreeStep),
};

/** Every journaled operation kind, so start-up recovery can finish or undo any of them. */
export const ACCOUNT_OPERATIONS: OperationDef<unknown>[] = [repairAccount, createAccount, deleteAccount, suspendAccount, unsuspendAccount, ...DNS_RECORD_OPERATIONS, ...DATABASE_OPERATIONS, ...MAILBOX_OPERATIONS, ...SUBACCOUNT_OPERATIONS];

/**
 * Probes that tell which pieces of an account exist on the host (used by GetAccount
 * and by `hearthctl doctor`). Each resource module contributes one per piece.
 */
export interface ComponentProbe {
  (account: { username: string; domain: string }, ctx: StepContext): Promise<boolean>;
  component: string;
  /** Whether a complete account has this piece with this agent's modules (default: yes). */
  expected?: (ctx: StepContext, suspended: boolean) => boolean;
}

function expectedWhen(probe: ComponentProbe, expected: NonNullable<ComponentProbe['expected']>): ComponentProbe {
  return Object.assign(probe, { expected });
}

export const ACCOUNT_PROBES: ComponentProbe[] = [
  expectedWhen(vhostProbe, (ctx) => ctx.services.web?.config.enabled === true),
  // A suspended account's pool is parked (PHP stops running for it).
  expectedWhen(phpPoolProbe, (ctx, suspended) => ctx.services.web?.config.enabled === true && !suspended),
  expectedWhen(dnsZoneProbe, (ctx) => Boolean(ctx.services.dns)),
  expectedWhen(mailDomainProbe, (ctx) => Boolean(ctx.services.mail)),
];

/**
 * Finders of Hearth-made artifacts that belong to no account record (a vhost left by
 * hand, a zone whose account is gone). Each resource module contributes one.
 */
export interface OrphanScanner {
  kind: string;
  scan(ctx: StepContext, records: { username: string; domain: string }[]): Promise<{ name: string; detail: string }[]>;
  remove(name: string, ctx: StepContext): Promise<void>;
}

export const ORPHAN_SCANNERS: OrphanScanner[] = [vhostOrphans, poolOrphans, dnsZoneOrphans];
