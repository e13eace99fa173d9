import type { AgentDeps, ServiceRegistration } from '../grpc/registration';
import { UserManager } from './user-manager';

/** hearth.agent.v1.SubaccountService (subaccounts.proto): one RPC, the work lives in UserManager. */
export function subaccountService({ config, services, runner }: AgentDeps): ServiceRegistration {
  const manager = new UserManager(runner, { config, services, log: services.log.child({ component: 'subaccounts' }) });
  return {
    service: 'hearth.agent.v1.SubaccountService',
    handlers: {
      ExecuteUserManager: async (req) => {
        const result = await manager.execute({ operation_id: req.operation_id, account: req.account, function: req.function, args: req.args ?? {} });
        return { data_json: JSON.stringify(result.data ?? null), mail_created: result.mailCreated, mail_deleted: result.mailDeleted };
      },
    },
  };
}
