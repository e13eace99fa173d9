import type { StepContext } from '../operations/step';
import type { PostfixDovecotMail } from './postfix-dovecot-mail';

/** What the mail module adds to the step context: Postfix maps and Dovecot users, null when mail is off. */
export interface MailParts {
  readonly mail: PostfixDovecotMail | null;
}

export type MailContext = StepContext<MailParts>;
