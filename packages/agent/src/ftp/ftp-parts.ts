import type { PureFtpdAccounts } from './pureftpd-accounts';

/** What the FTP module adds to the step context: pure-ftpd's virtual users, null when FTP is off. */
export interface FtpParts {
  readonly ftp: PureFtpdAccounts | null;
}
