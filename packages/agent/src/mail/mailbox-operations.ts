import type { proto } from '@hearth/shared';
import { ConflictError, DependencyUnavailableError, NotFoundError, ValidationError, passwordProblem } from '@hearth/shared';
import type { OperationRunner } from '../operations/operation-runner';

import { checkOperationId, checkRef } from '../operations/request-checks';
import { requireAccountZoneDomain as requireAccountDomain } from '../operations/account-ownership';
import { KeyedMutex } from '../system/keyed-mutex';
import { MailboxEntry, addressOf, checkDomain, checkLocalPart, checkQuota } from './mail-lines';
import { createMailbox, deleteMailbox, updateMailbox } from './mailbox-steps';
import type { PostfixDovecotMail } from './postfix-dovecot-mail';
import { dovecotPasswordHashAsync } from './password-hasher';
import type { MailContext } from './mail-parts';

/** mail.proto messages, generated from proto/ (proto-loader with keepCase and defaults). */
export type MailboxMsg = proto.Mailbox__Output;
export type CreateMailboxRequestMsg = proto.CreateMailboxRequest__Output;
export type UpdateMailboxRequestMsg = proto.UpdateMailboxRequest__Output;
export type DeleteMailboxRequestMsg = proto.DeleteMailboxRequest__Output;

function toMsg(e: MailboxEntry): MailboxMsg {
  return { address: e.address, local_part: e.local, domain: e.domain, quota_mb: e.quotaMb };
}

function checkPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError('Invalid password', [{ field: 'password', message: problem }]);
  return password;
}

/**
 * Mailbox lifecycle as the gRPC handlers see it. Every field is re-validated with the
 * shared grammar; the password is hashed here and only the hash goes further. Operations
 * on one address are serialised (check-then-act stays atomic); different addresses run
 * in parallel and meet only at the per-file locks.
 */
export class MailboxOperations {
  private readonly perAddress = new KeyedMutex();

  constructor(private readonly runner: OperationRunner, private readonly ctx: MailContext) {}

  private mail(): PostfixDovecotMail {
    const mail = this.ctx.config.mail.enabled ? this.ctx.parts.mail : null;
    if (!mail) throw new DependencyUnavailableError('Mail is not enabled on this host');
    return mail;
  }

  /**
   * The mailbox's domain must be the account's, by the agent's own record: the caller's
   * word that a domain is "theirs" is never enough. Skipped on a replay (the operation
   * already passed it, and a finished delete may have removed the record since).
   */
  private async owned(req: { username?: string; domain: string; operation_id?: string }): Promise<void> {
    if (req.operation_id && (await this.runner.has(req.operation_id))) return;
    const ref = checkRef(String(req.username ?? ''), req.domain);
    await requireAccountDomain(this.ctx, ref.username, ref.domain);
  }

  async list(req: { username: string; domain: string }): Promise<MailboxMsg[]> {
    const mail = this.mail();
    const domain = checkDomain(req.domain);
    await this.owned(req);
    return (await mail.listMailboxes(domain)).map(toMsg);
  }

  async create(req: CreateMailboxRequestMsg): Promise<MailboxMsg> {
    checkOperationId(req.operation_id);
    const mail = this.mail();
    const address = addressOf(checkLocalPart(req.local_part), checkDomain(req.domain));
    const quotaMb = checkQuota(Number(req.quota_mb ?? 0));
    checkPassword(req.password);
    await this.owned(req);
    return this.perAddress.run(address, async () => {
      if (!(await this.runner.has(req.operation_id))) {
        await mail.requireDomain(req.domain);
        if (await mail.findMailbox(req.local_part, req.domain)) throw new ConflictError(`Mailbox ${address} already exists`);
      }
      const input = { address, local: req.local_part, domain: req.domain, quotaMb, passwordHash: await dovecotPasswordHashAsync(req.password) };
      return this.runner.run(req.operation_id, createMailbox, input, async () => toMsg(input));
    });
  }

  async update(req: UpdateMailboxRequestMsg): Promise<MailboxMsg> {
    checkOperationId(req.operation_id);
    const mail = this.mail();
    const address = addressOf(checkLocalPart(req.local_part), checkDomain(req.domain));
    if (req.password) checkPassword(req.password);
    const quota = req.set_quota ? checkQuota(Number(req.quota_mb ?? 0)) : undefined;
    await this.owned(req);
    return this.perAddress.run(address, async () => {
      const current = await mail.findMailbox(req.local_part, req.domain);
      if (!current && !(await this.runner.has(req.operation_id))) throw new NotFoundError(`Mailbox ${address} does not exist`);
      const base = current ?? { address, local: req.local_part, domain: req.domain, passwordHash: '', quotaMb: 0 };
      const next = {
        ...base,
        passwordHash: req.password ? await dovecotPasswordHashAsync(req.password) : base.passwordHash,
        quotaMb: quota ?? base.quotaMb,
        previous: current ?? undefined,
      };
      return this.runner.run(req.operation_id, updateMailbox, next, async () => toMsg(next));
    });
  }

  async delete(req: DeleteMailboxRequestMsg): Promise<void> {
    checkOperationId(req.operation_id);
    this.mail();
    const address = addressOf(checkLocalPart(req.local_part), checkDomain(req.domain));
    await this.owned(req);
    await this.perAddress.run(address, async () => {
      const input = { address, local: req.local_part, domain: req.domain, passwordHash: '', quotaMb: 0 };
      await this.runner.run(req.operation_id, deleteMailbox, input, async () => ({}));
    });
  }
}
