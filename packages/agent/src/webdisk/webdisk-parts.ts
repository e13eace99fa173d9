import type { WebdiskAccounts } from './webdisk-accounts';

/** What the Web Disk module adds to the step context: its logins, null when Web Disk is off. */
export interface WebdiskParts {
  readonly webdisk: WebdiskAccounts | null;
}
