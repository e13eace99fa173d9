import type { proto } from '@hearth/shared';
import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { ModuleRuntime } from '../operations/agent-module';
import type { MailParts } from './mail-parts';
import { MailboxOperations } from './mailbox-operations';

/** hearth.agent.v1.MailService (mail.proto): thin handlers; the work lives in MailboxOperations. */
export function mailGrpc({ runner, ctx }: ModuleRuntime<MailParts>): GrpcRegistration {
  const mailboxes = new MailboxOperations(runner, { ...ctx, log: ctx.parts.log.child({ component: 'mail' }) });
  return {
    service: 'hearth.agent.v1.MailService',
    handlers: {
      CreateMailbox: async (req: proto.CreateMailboxRequest__Output) => ({ mailbox: await mailboxes.create(req) }),
      UpdateMailbox: async (req: proto.UpdateMailboxRequest__Output) => ({ mailbox: await mailboxes.update(req) }),
      DeleteMailbox: async (req: proto.DeleteMailboxRequest__Output) => {
        await mailboxes.delete(req);
        return {};
      },
      ListMailboxes: async (req: proto.ListMailboxesRequest__Output) => ({ mailboxes: await mailboxes.list(req) }),
    },
  };
}
