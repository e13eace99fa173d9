import { accountQuotaMb } from '../operations/account-quota';
import type { AgentConfig } from '../config';
import type { Exec } from '../system/exec';
import { PureFtpdAccounts } from '../ftp/pureftpd-accounts';
import { ftpSettings } from '../ftp/ftp-config';
import { WebdiskAccounts } from '../webdisk/webdisk-accounts';
import { webdiskSettings } from '../webdisk/webdisk-config';

/** pure-ftpd's virtual users when FTP is enabled (files made so pure-ftpd can start); else null. */
export async function buildFtp(config: AgentConfig, exec: Exec): Promise<PureFtpdAccounts | null> {
  const settings = ftpSettings(config);
  if (!settings.enabled) return null;
  const ftp = new PureFtpdAccounts(settings, exec, accountQuotaMb(config.stateDir));
  await ftp.ensureFiles();
  return ftp;
}

export async function buildWebdisk(config: AgentConfig): Promise<WebdiskAccounts | null> {
  const settings = webdiskSettings(config);
  if (!settings.enabled) return null;
  const webdisk = new WebdiskAccounts(settings);
  await webdisk.ensureFiles();
  return webdisk;
}
