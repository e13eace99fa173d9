import type { proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';

/** subaccounts.proto's ExecuteUserManagerRequest, generated from proto/. */
export type UserManagerCall = proto.ExecuteUserManagerRequest__Output;

export interface UserManagerAnswer {
  data: unknown;
  mail_created: string[];
  mail_deleted: string[];
}

/** What the API needs of the agent for subaccounts (SubaccountService in subaccounts.proto). */
export interface SubaccountAgent {
  execute(call: UserManagerCall): Promise<UserManagerAnswer>;
}

const SERVICE = 'hearth.agent.v1.SubaccountService';

export class GrpcSubaccountAgent implements SubaccountAgent {
  constructor(private readonly channel: AgentChannel) {}

  async execute(call: UserManagerCall): Promise<UserManagerAnswer> {
    const res = await this.channel.call<proto.ExecuteUserManagerResponse__Output>(SERVICE, 'ExecuteUserManager', call);
    return { data: JSON.parse(res.data_json || 'null'), mail_created: res.mail_created ?? [], mail_deleted: res.mail_deleted ?? [] };
  }
}
