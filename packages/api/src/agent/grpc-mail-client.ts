import type { proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';
import { present } from './present';

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
  deleteMailbox(req: proto.DeleteMailboxRequest__Output): Promise<void>;
  listMailboxes(username: string, domain: string): Promise<MailboxMsg[]>;
}

const SERVICE = 'hearth.agent.v1.MailService';

export class GrpcMailAgent implements MailAgent {
  constructor(private readonly channel: AgentChannel) {}

  async createMailbox(req: CreateMailboxMsg): Promise<MailboxMsg> {
    return present((await this.channel.call<proto.CreateMailboxResponse__Output>(SERVICE, 'CreateMailbox', req)).mailbox, 'mailbox');
  }

  async updateMailbox(req: UpdateMailboxMsg): Promise<MailboxMsg> {
    return present((await this.channel.call<proto.UpdateMailboxResponse__Output>(SERVICE, 'UpdateMailbox', req)).mailbox, 'mailbox');
  }

  async deleteMailbox(req: proto.DeleteMailboxRequest__Output): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteMailbox', req);
  }

  async listMailboxes(username: string, domain: string): Promise<MailboxMsg[]> {
    return (await this.channel.call<proto.ListMailboxesResponse__Output>(SERVICE, 'ListMailboxes', { username, domain })).mailboxes;
  }
}
