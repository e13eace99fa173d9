import { randomUUID } from 'node:crypto';
import { HearthError, Logger, NotFoundError } from '@hearth/shared';
import type { SubaccountAgent, UserManagerAnswer } from '../agent/grpc-subaccounts-client';
import type { KnexMailboxStore } from '../stores/knex-mailbox-store';
import type { KnexPackageStore } from '../stores/knex-package-store';
import type { AccountRecord } from '../stores/account-record';
import type { LicenseService } from './license-service';
import { assertChangeable } from './account-access';

/** The UserManager functions cPanel clients call (UAPI and `uapi`). */
export const USERMANAGER_FUNCTIONS = [
  'list_users', 'lookup_user', 'lookup_service_account', 'check_account_conflicts', 'create_user', 'edit_user',
  'delete_user', 'merge_service_account', 'dismiss_merge', 'unlink_service_account',
] as const;
export const READ_ONLY = new Set(['list_users', 'lookup_user', 'lookup_service_account', 'check_account_conflicts']);
/** Hearth's own, for the REST routes: a standalone FTP or Web Disk login. */
export const HEARTH_FUNCTIONS = ['add_service_account', 'delete_service_account'] as const;

/**
 * Subaccounts of one hosting account. The agent owns the semantics (it re-validates
 * every argument and computes every record); this service picks the account, keeps the
 * panel's mailbox rows in step with the email service accounts a call creates or
 * removes, and counts new mailboxes against the package's max_email_accounts before
 * the agent is asked.
 */
export class SubaccountService {
  constructor(
    private readonly agent: SubaccountAgent,
    private readonly mailboxes: KnexMailboxStore,
    private readonly packages: KnexPackageStore,
    private readonly license: LicenseService,
    private readonly log: Logger,
  ) {}

  /** Runs one function; refusals are thrown as Hearth errors (the UAPI layer turns them into `errors`). */
  async call(account: AccountRecord, func: string, args: Record<string, string>): Promise<unknown> {
    const known = (USERMANAGER_FUNCTIONS as readonly string[]).includes(func) || (HEARTH_FUNCTIONS as readonly string[]).includes(func);
    if (!known) throw new NotFoundError(`The function “${func}” does not exist in the module “UserManager”.`);
    if (!READ_ONLY.has(func)) {
      this.license.assertWritable();
      assertChangeable(account, 'hosting');
    }
    const reserved = await this.reserveMailbox(account, func, args);
    let answer: UserManagerAnswer;
    try {
      answer = await this.agent.execute({ operation_id: randomUUID(), account: account.username, function: func, args });
    } catch (e) {
      if (reserved) await this.mailboxes.remove(reserved.id);
      throw e;
    }
    await this.settleMailboxes(account, answer, reserved, args);
    return answer.data;
  }

  /**
   * A mailbox a create/edit may add is counted now, under the package limit, so two
   * parallel calls can never exceed it; the row goes again if the agent did not create it.
   */
  private async reserveMailbox(account: AccountRecord, func: string, args: Record<string, string>): Promise<{ id: number; address: string } | null> {
    if ((func !== 'create_user' && func !== 'edit_user') || args['services.email.enabled'] !== '1') return null;
    const local = (args.username ?? '').toLowerCase();
    const address = `${local}@${account.domain}`;
    if (!local || (args.domain ?? '').toLowerCase() !== account.domain) return null;
    if (await this.mailboxes.get(account.id, address)) return null;
    const limit = (await this.packages.get(account.package_id))?.max_email_accounts ?? 0;
    const row = await this.mailboxes.insertWithinLimit({ account_id: account.id, local_part: local, address, quota_mb: Number(args['services.email.quota']) || 0 }, limit);
    return { id: row.id, address };
  }

  private async settleMailboxes(account: AccountRecord, answer: UserManagerAnswer, reserved: { id: number; address: string } | null, args: Record<string, string>): Promise<void> {
    if (reserved && !answer.mail_created.includes(reserved.address)) await this.mailboxes.remove(reserved.id);
    for (const address of answer.mail_created) {
      if (reserved?.address === address || (await this.mailboxes.get(account.id, address))) continue;
      const local = address.slice(0, address.lastIndexOf('@'));
      await this.mailboxes.insertWithinLimit({ account_id: account.id, local_part: local, address, quota_mb: Number(args['services.email.quota']) || 0 }, 0).catch((e: unknown) => {
        this.log.warn({ err: e, address }, 'could not record a mailbox the agent created');
      });
    }
    for (const address of answer.mail_deleted) {
      const row = await this.mailboxes.get(account.id, address);
      if (row) await this.mailboxes.remove(row.id);
    }
  }
}

/** The sentence UAPI shows for a failed call. */
export function uapiErrorMessage(e: unknown): string {
  if (e instanceof HearthError) {
    const details = (e.details ?? []) as { message?: string }[];
    if (e.code === 'validation_failed' && details.length && !details.some((d) => d.message === e.message) && /^Request is invalid|^Invalid/.test(e.message)) {
      return details.map((d) => d.message).join(' ');
    }
    return e.message;
  }
  return 'The server could not complete the request.';
}
