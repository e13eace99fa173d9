import type { AgentConfig } from '../config';
import type { Exec } from '../system/exec';
import { PostfixDovecotMail } from './postfix-dovecot-mail';

/**
 * The mail collaborator, or null when mail is disabled. Missing map files are created
 * and stale maps compiled at start-up: an agent that cannot write them fails loudly
 * before it serves anything, rather than at the first account.
 */
export async function buildMail(config: Pick<AgentConfig, 'mail'>, exec: Exec): Promise<PostfixDovecotMail | null> {
  if (!config.mail.enabled) return null;
  const mail = new PostfixDovecotMail(config.mail, exec);
  await mail.ensureFiles();
  return mail;
}
