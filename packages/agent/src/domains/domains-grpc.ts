import type { proto } from '@hearth/shared';
import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { ModuleRuntime } from '../operations/agent-module';
import type { DomainParts } from './domain-spec';
import { DomainOperations } from './domain-operations';

/** hearth.agent.v1.DomainService (domains.proto): thin handlers; the work lives in DomainOperations. */
export function domainsGrpc({ runner, ctx }: ModuleRuntime<DomainParts>): GrpcRegistration {
  const domains = new DomainOperations(runner, { ...ctx, log: ctx.parts.log.child({ component: 'domains' }) });
  return {
    service: 'hearth.agent.v1.DomainService',
    handlers: {
      AddDomain: async (req: proto.AddDomainRequest__Output) => ({ domain: await domains.add(req) }),
      UpdateDomain: async (req: proto.UpdateDomainRequest__Output) => ({ domain: await domains.update(req) }),
      RemoveDomain: async (req: proto.RemoveDomainRequest__Output) => {
        await domains.remove(req);
        return {};
      },
      ListDomains: async (req: proto.ListDomainsRequest__Output) => ({ domains: await domains.list(req) }),
    },
  };
}
