import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { MailConfig } from './mail-config';
import type { MailParts } from './mail-parts';
import { PostfixDovecotMail } from './postfix-dovecot-mail';
import { mailDomainProbe, mailDomainStep, removeMailDomainStep, suspendMailStep, unsuspendMailStep } from './mail-steps';
import { MAILBOX_OPERATIONS } from './mailbox-steps';
import { mailGrpc } from './mail-grpc';

export const mailSteps = { mailDomainStep, removeMailDomainStep, suspendMailStep, unsuspendMailStep };

/**
 * Postfix virtual domains and Dovecot mailboxes. Missing map files are created and stale
 * maps compiled here, at start-up: an agent that cannot write them fails loudly before it
 * serves anything, rather than at the first account.
 */
export async function createMailModule(settings: MailConfig, core: ModuleCore): Promise<AgentModule<MailParts, MailParts, typeof mailSteps>> {
  let mail: PostfixDovecotMail | null = null;
  if (settings.enabled) {
    mail = new PostfixDovecotMail(settings, core.parts.exec);
    await mail.ensureFiles();
  }
  return {
    name: 'mail',
    parts: { mail },
    steps: mailSteps,
    operations: MAILBOX_OPERATIONS,
    probes: [Object.assign(mailDomainProbe, { expected: (ctx: { parts: MailParts }) => ctx.parts.mail !== null })],
    orphanScanners: [],
    grpc: mailGrpc,
    start() {},
    async close() {},
  };
}
