import type { StepContext } from '../operations/step';
import type { FtpParts } from '../ftp/ftp-parts';
import type { WebdiskParts } from '../webdisk/webdisk-parts';
import type { MailParts } from '../mail/mail-parts';

/** Sub-accounts add nothing of their own: they are FTP, Web Disk and mail logins of an account. */
export type SubaccountsNeeds = FtpParts & WebdiskParts & MailParts;

export type SubaccountsContext = StepContext<SubaccountsNeeds>;
