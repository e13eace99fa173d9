import type { proto } from '@hearth/shared';
import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { ModuleRuntime } from '../operations/agent-module';
import type { SubaccountsNeeds } from './subaccounts-parts';
import { UserManager } from './user-manager';

/** hearth.agent.v1.SubaccountService (subaccounts.proto): one RPC, the work lives in UserManager. */
export function subaccountsGrpc({ runner, ctx }: ModuleRuntime<SubaccountsNeeds>): GrpcRegistration {
  const manager = new UserManager(runner, { ...ctx, log: ctx.parts.log.child({ component: 'subaccounts' }) });
  return {
    service: 'hearth.agent.v1.SubaccountService',
    handlers: {
      ExecuteUserManager: async (req: proto.ExecuteUserManagerRequest__Output) => {
        const result = await manager.execute({ operation_id: req.operation_id, account: req.account, function: req.function, args: req.args ?? {} });
        return { data_json: JSON.stringify(result.data ?? null), mail_created: result.mailCreated, mail_deleted: result.mailDeleted };
      },
    },
  };
}
