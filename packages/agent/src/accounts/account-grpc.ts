import type { proto } from '@hearth/shared';
import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { OperationRunner } from '../operations/operation-runner';
import { checkOperationId } from '../operations/request-checks';
import type { AccountOperations } from './account-operations';

/** What GetAccountUsage needs (usage/account-usage-meter.ts). */
export interface UsageSource {
  usage(req: proto.GetAccountUsageRequest__Output): Promise<proto.AccountUsage__Output>;
}

/** hearth.agent.v1.AccountService (agent.proto): the whole-account lifecycle, inventory and operation lookup. */
export function accountGrpc<P>(accounts: AccountOperations<P>, runner: OperationRunner<P>, usage: UsageSource): GrpcRegistration {
  return {
    service: 'hearth.agent.v1.AccountService',
    handlers: {
      CreateAccount: async (req: proto.CreateAccountRequest__Output) => ({ account: await accounts.create(req) }),
      DeleteAccount: async (req: proto.DeleteAccountRequest__Output) => {
        await accounts.delete(req);
        return {};
      },
      SuspendAccount: async (req: proto.SuspendAccountRequest__Output) => ({ account: await accounts.suspend(req) }),
      UnsuspendAccount: async (req: proto.UnsuspendAccountRequest__Output) => ({ account: await accounts.unsuspend(req) }),
      GetAccount: async (req: proto.GetAccountRequest__Output) => ({ account: await accounts.state(req.username, req.domain) }),
      Inventory: async () => accounts.inventory(),
      ChangeAccountLimits: async (req: proto.ChangeAccountLimitsRequest__Output) => ({ account: await accounts.changeLimits(req) }),
      GetAccountUsage: async (req: proto.GetAccountUsageRequest__Output) => ({ usage: await usage.usage(req) }),
      RepairAccount: async (req: proto.RepairAccountRequest__Output) => ({ account: await accounts.repair(req) }),
      RemoveOrphan: async (req: proto.RemoveOrphanRequest__Output) => {
        await accounts.removeOrphan(req);
        return {};
      },
      GetOperation: async (req: proto.GetOperationRequest__Output) => {
        checkOperationId(req.operation_id);
        return runner.describeOperation(req.operation_id);
      },
    },
  };
}
