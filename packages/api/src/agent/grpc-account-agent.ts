import type { AccountStateMsg, CreateAccountRequestMsg, AccountRefRequestMsg, GetOperationResponseMsg } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';

/** What the API needs of the agent for the account lifecycle. */
export interface AccountAgent {
  createAccount(req: CreateAccountRequestMsg): Promise<AccountStateMsg>;
  deleteAccount(req: AccountRefRequestMsg): Promise<void>;
  suspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg>;
  unsuspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg>;
  getOperation(operationId: string): Promise<GetOperationResponseMsg>;
  health(): Promise<boolean>;
}

const SERVICE = 'hearth.agent.v1.AccountService';

export class GrpcAccountAgent implements AccountAgent {
  constructor(private readonly channel: AgentChannel) {}

  async createAccount(req: CreateAccountRequestMsg): Promise<AccountStateMsg> {
    return (await this.channel.call<{ account: AccountStateMsg }>(SERVICE, 'CreateAccount', req)).account;
  }

  async deleteAccount(req: AccountRefRequestMsg): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteAccount', req);
  }

  async suspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return (await this.channel.call<{ account: AccountStateMsg }>(SERVICE, 'SuspendAccount', req)).account;
  }

  async unsuspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return (await this.channel.call<{ account: AccountStateMsg }>(SERVICE, 'UnsuspendAccount', req)).account;
  }

  getOperation(operationId: string): Promise<GetOperationResponseMsg> {
    return this.channel.call<GetOperationResponseMsg>(SERVICE, 'GetOperation', { operation_id: operationId }, 2000);
  }

  async health(): Promise<boolean> {
    const res = await this.channel.call<{ status: string }>('grpc.health.v1.Health', 'Check', { service: '' }, 1000);
    return res.status === 'SERVING';
  }
}
