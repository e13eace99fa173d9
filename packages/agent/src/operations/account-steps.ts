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
import { defaultIndexStep } from '../web/default-index-step';
import { phpPoolStep } from '../web/php-pool-step';
import { nginxVhostStep } from '../web/nginx-vhost-step';
import { suspendPoolStep, suspendVhostStep, unsuspendPoolStep, unsuspendVhostStep } from '../web/suspend-steps';
import { removePoolStep, removeVhostStep } from '../web/delete-steps';
import { phpPoolProbe, vhostProbe } from '../web/web-probes';

/**
 * The step lists of the account lifecycle, in order. Each resource module contributes
 * its steps here; the runner undoes completed steps in reverse when one fails.
 * Create: user → home → PHP-FPM pool → vhost → reload → DNS zone → mail domain → ...
 * Delete: stop processes → vhost/pool → reload → databases → mail → DNS → home → user.
 */
export const createAccount: OperationDef<AccountSpec> = {
  kind: 'create_account',
  recovery: 'rollback',
  steps: [databasePrefixFreeStep, linuxUserStep, homeStep, defaultIndexStep, phpPoolStep, nginxVhostStep, dnsZoneStep, mailDomainStep],
};

export const deleteAccount: OperationDef<AccountSpec> = {
  kind: 'delete_account',
  recovery: 'rollforward',
  steps: [stopProcessesStep, removeVhostStep, removePoolStep, dropAccountDatabasesStep, removeMailDomainStep, removeDnsZoneStep, removeHomeStep, removeUserStep],
};

export const suspendAccount: OperationDef<AccountSpec> = {
  kind: 'suspend_account',
  recovery: 'rollback',
  steps: [lockLoginStep, suspendVhostStep, suspendPoolStep, lockDatabaseUsersStep, suspendMailStep],
};

export const unsuspendAccount: OperationDef<AccountSpec> = {
  kind: 'unsuspend_account',
  recovery: 'rollback',
  steps: [unlockLoginStep, unsuspendPoolStep, unsuspendVhostStep, unlockDatabaseUsersStep, unsuspendMailStep],
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

export const ACCOUNT_PROBES: ComponentProbe[] = [vhostProbe, phpPoolProbe, dnsZoneProbe, mailDomainProbe];
