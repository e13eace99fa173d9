import type { OperationDef } from './operation-runner';
import type { AccountSpec, StepContext } from './step';
import { linuxUserStep } from '../users/linux-user-step';
import { homeStep } from '../users/home-step';
import { lockLoginStep, unlockLoginStep } from '../users/login-lock-step';
import { removeHomeStep, removeUserStep, stopProcessesStep } from '../users/delete-steps';
import { dnsZoneProbe, dnsZoneStep, removeDnsZoneStep } from '../dns/dns-zone-step';
import { DNS_RECORD_OPERATIONS } from '../dns/dns-record-operations';
import { databasePrefixFreeStep, dropAccountDatabasesStep, lockDatabaseUsersStep, unlockDatabaseUsersStep } from '../databases/account-database-steps';
import { DATABASE_OPERATIONS } from '../databases/database-operation-defs';
import { mailDomainProbe, mailDomainStep, removeMailDomainStep, suspendMailStep, unsuspendMailStep } from '../mail/mail-steps';
import { MAILBOX_OPERATIONS } from '../mail/mailbox-steps';

/**
 * The step lists of the account lifecycle, in order. Each resource module contributes
 * its steps here; the runner undoes completed steps in reverse when one fails.
 * Create: user → home → PHP-FPM pool → vhost → reload → DNS zone → mail domain → ...
 * Delete: stop processes → vhost/pool → reload → databases → mail → DNS → home → user.
 */
export const createAccount: OperationDef<AccountSpec> = {
  kind: 'create_account',
  recovery: 'rollback',
  steps: [databasePrefixFreeStep, linuxUserStep, homeStep, dnsZoneStep, mailDomainStep],
};

export const deleteAccount: OperationDef<AccountSpec> = {
  kind: 'delete_account',
  recovery: 'rollforward',
  steps: [stopProcessesStep, dropAccountDatabasesStep, removeMailDomainStep, removeDnsZoneStep, removeHomeStep, removeUserStep],
};

export const suspendAccount: OperationDef<AccountSpec> = {
  kind: 'suspend_account',
  recovery: 'rollback',
  steps: [lockLoginStep, lockDatabaseUsersStep, suspendMailStep],
};

export const unsuspendAccount: OperationDef<AccountSpec> = {
  kind: 'unsuspend_account',
  recovery: 'rollback',
  steps: [unlockLoginStep, unlockDatabaseUsersStep, unsuspendMailStep],
};

export const ACCOUNT_OPERATIONS = [createAccount, deleteAccount, suspendAccount, unsuspendAccount, ...DNS_RECORD_OPERATIONS, ...DATABASE_OPERATIONS, ...MAILBOX_OPERATIONS];

/**
 * Probes that tell which pieces of an account exist on the host (used by GetAccount
 * and by `hearthctl doctor`). Each resource module contributes one per piece.
 */
export interface ComponentProbe {
  (account: { username: string; domain: string }, ctx: StepContext): Promise<boolean>;
  component: string;
}

export const ACCOUNT_PROBES: ComponentProbe[] = [dnsZoneProbe, mailDomainProbe];
