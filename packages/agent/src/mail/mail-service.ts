import type { AgentDeps, ServiceRegistration } from '../grpc/registration';
import { MailboxOperations } from './mailbox-operations';

/** hearth.agent.v1.MailService (mail.proto): thin handlers; the work lives in MailboxOperations. */
export function mailService({ config, services, runner }: AgentDeps): ServiceRegistration {
  const mailboxes = new MailboxOperations(runner, { config, services, log: services.log.child({ component: 'mail' }) });
  return {
    service: 'hearth.agent.v1.MailService',
    handlers: {
      CreateMailbox: async (req) => ({ mailbox: await mailboxes.create(req) }),
      UpdateMailbox: async (req) => ({ mailbox: await mailboxes.update(req) }),
      DeleteMailbox: async (req) => {
        await mailboxes.delete(req);
        return {};
      },
      ListMailboxes: async (req) => ({ mailboxes: await mailboxes.list(req) }),
    },
  };
}
