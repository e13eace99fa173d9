import type { AgentDeps, ServiceRegistration } from './registration';
import { checkOperationId } from '../operations/account-operations';

export function accountService({ accounts, runner }: AgentDeps): ServiceRegistration {
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
