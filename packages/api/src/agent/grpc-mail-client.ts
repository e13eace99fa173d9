import type { proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';

/** mail.proto messages, generated from proto/ (proto-loader with keepCase and defaults). */
export type MailboxMsg = proto.Mailbox__Output;
/** Every mailbox request names the account: the agent checks the domain against its own record. */
export type CreateMailboxMsg = proto.CreateMailboxRequest__Output;
/** An empty password leaves it unchanged. */
export type UpdateMailboxMsg = proto.UpdateMailboxRequest__Output;

/** What the API needs of the agent for mailboxes. */
export interface MailAgent {
  createMailbox(req: CreateMailboxMsg): Promise<MailboxMsg>;
  updateMailbox(req: UpdateMailboxMsg): Promise<MailboxMsg>;
  deleteMailbox(req: { operation_id: string; username: string; domain: string; local_part: string }): Promise<void>;
  listMailboxes(username: string, domain: string): Promise<MailboxMsg[]>;
}

const SERVICE = 'hearth.agent.v1.MailService';

export class GrpcMailAgent implements MailAgent {
  constructor(private readonly channel: AgentChannel) {}

  async createMailbox(req: CreateMailboxMsg): Promise<MailboxMsg> {
    return (await this.channel.call<{ mailbox: MailboxMsg }>(SERVICE, 'CreateMailbox', req)).mailbox;
  }

  async updateMailbox(req: UpdateMailboxMsg): Promise<MailboxMsg> {
    return (await this.channel.call<{ mailbox: MailboxMsg }>(SERVICE, 'UpdateMailbox', req)).mailbox;
  }

  async deleteMailbox(req: { operation_id: string; username: string; domain: string; local_part: string }): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteMailbox', req);
  }

  async listMailboxes(username: string, domain: string): Promise<MailboxMsg[]> {
    return (await this.channel.call<{ mailboxes: MailboxMsg[] }>(SERVICE, 'ListMailboxes', { username, domain })).mailboxes;
  }
}
