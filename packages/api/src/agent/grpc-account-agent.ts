import type { AccountStateMsg, ChangeAccountLimitsRequestMsg, CreateAccountRequestMsg, AccountRefRequestMsg, GetOperationResponseMsg, proto } from '@hearth/shared';
import type { AgentChannel } from './agent-channel';
import { present } from './present';

/** What the API needs of the agent for the account lifecycle. */
export interface AccountAgent {
  createAccount(req: CreateAccountRequestMsg): Promise<AccountStateMsg>;
  deleteAccount(req: AccountRefRequestMsg): Promise<void>;
  suspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg>;
  unsuspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg>;
  getOperation(operationId: string): Promise<GetOperationResponseMsg>;
  health(): Promise<boolean>;
  /** Throws AgentUnavailableError (within the probe deadline) unless the agent answers. */
  assertAnswering(): Promise<void>;
  inventory(): Promise<InventoryMsg>;
  repairAccount(req: CreateAccountRequestMsg): Promise<AccountStateMsg>;
  removeOrphan(req: proto.RemoveOrphanRequest__Output): Promise<void>;
  /** A package change: the new limits applied on the host (one journaled operation). */
  changeAccountLimits(req: ChangeAccountLimitsRequestMsg): Promise<AccountStateMsg>;
  /** Disk and traffic, measured at most max_age_seconds ago. */
  getAccountUsage(req: proto.GetAccountUsageRequest__Output): Promise<proto.AccountUsage__Output>;
}

/** agent.proto's HostAccount and InventoryResponse, generated from proto/. */
export type HostAccountMsg = proto.HostAccount__Output;
export type InventoryMsg = proto.InventoryResponse__Output;

const SERVICE = 'hearth.agent.v1.AccountService';

export class GrpcAccountAgent implements AccountAgent {
  constructor(private readonly channel: AgentChannel) {}

  async createAccount(req: CreateAccountRequestMsg): Promise<AccountStateMsg> {
    return present((await this.channel.call<proto.CreateAccountResponse__Output>(SERVICE, 'CreateAccount', req)).account, 'account');
  }

  async deleteAccount(req: AccountRefRequestMsg): Promise<void> {
    await this.channel.call(SERVICE, 'DeleteAccount', req);
  }

  async suspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return present((await this.channel.call<proto.SuspendAccountResponse__Output>(SERVICE, 'SuspendAccount', req)).account, 'account');
  }

  async unsuspendAccount(req: AccountRefRequestMsg): Promise<AccountStateMsg> {
    return present((await this.channel.call<proto.UnsuspendAccountResponse__Output>(SERVICE, 'UnsuspendAccount', req)).account, 'account');
  }

  getOperation(operationId: string): Promise<GetOperationResponseMsg> {
    return this.channel.call<GetOperationResponseMsg>(SERVICE, 'GetOperation', { operation_id: operationId }, 2000);
  }

  inventory(): Promise<InventoryMsg> {
    return this.channel.call<InventoryMsg>(SERVICE, 'Inventory', {}, 60_000);
  }

  async repairAccount(req: CreateAccountRequestMsg): Promise<AccountStateMsg> {
    return present((await this.channel.call<proto.RepairAccountResponse__Output>(SERVICE, 'RepairAccount', req)).account, 'account');
  }

  async removeOrphan(req: proto.RemoveOrphanRequest__Output): Promise<void> {
    await this.channel.call(SERVICE, 'RemoveOrphan', req);
  }

  async changeAccountLimits(req: ChangeAccountLimitsRequestMsg): Promise<AccountStateMsg> {
    return present((await this.channel.call<proto.ChangeAccountLimitsResponse__Output>(SERVICE, 'ChangeAccountLimits', req)).account, 'account');
  }

  async getAccountUsage(req: proto.GetAccountUsageRequest__Output): Promise<proto.AccountUsage__Output> {
    // A first measurement walks the home and reads the logs: a longer deadline than a change.
    return present((await this.channel.call<proto.GetAccountUsageResponse__Output>(SERVICE, 'GetAccountUsage', req, 120_000)).usage, 'usage');
  }

  assertAnswering(): Promise<void> {
    return this.channel.assertAnswering();
  }

  async health(): Promise<boolean> {
    const res = await this.channel.call<{ status: string }>('grpc.health.v1.Health', 'Check', { service: '' }, 1000);
    return res.status === 'SERVING';
  }
}
