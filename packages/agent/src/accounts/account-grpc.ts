import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { OperationRunner } from '../operations/operation-runner';
import { checkOperationId } from '../operations/request-checks';
import type { AccountOperations } from './account-operations';

/** hearth.agent.v1.AccountService (agent.proto): the whole-account lifecycle, inventory and operation lookup. */
export function accountGrpc<P>(accounts: AccountOperations<P>, runner: OperationRunner<P>): GrpcRegistration {
  return {
    service: 'hearth.agent.v1.AccountService',
    handlers: {
      CreateAccount: async (req) => ({ account: await accounts.create(req) }),
      DeleteAccount: async (req) => {
        await accounts.delete(req);
        return {};
      },
      SuspendAccount: async (req) => ({ account: await accounts.suspend(req) }),
      UnsuspendAccount: async (req) => ({ account: await accounts.unsuspend(req) }),
      GetAccount: async (req) => ({ account: await accounts.state(req.username, req.domain) }),
      Inventory: async () => accounts.inventory(),
      RepairAccount: async (req) => ({ account: await accounts.repair(req) }),
      RemoveOrphan: async (req) => {
        await accounts.removeOrphan(req);
        return {};
      },
      GetOperation: async (req) => {
        checkOperationId(req.operation_id);
        return runner.describeOperation(req.operation_id);
      },
    },
  };
}
