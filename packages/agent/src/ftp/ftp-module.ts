import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { FtpConfig } from './ftp-config';
import type { FtpParts } from './ftp-parts';
import { PureFtpdAccounts } from './pureftpd-accounts';
import { accountQuotaMb } from '../operations/account-quota';

/**
 * pure-ftpd's virtual users (files made at start-up so pure-ftpd can start). It has parts
 * only: FTP logins are sub-accounts, so their steps and gRPC live in the subaccounts module.
 */
export async function createFtpModule(settings: FtpConfig, core: ModuleCore): Promise<AgentModule<FtpParts, FtpParts, Record<string, never>>> {
  let ftp: PureFtpdAccounts | null = null;
  if (settings.enabled) {
    ftp = new PureFtpdAccounts(settings, core.parts.exec, accountQuotaMb(core.config.stateDir));
    await ftp.ensureFiles();
  }
  return { name: 'ftp', parts: { ftp }, steps: {}, operations: [], probes: [], orphanScanners: [], grpc: () => null, start() {}, async close() {} };
}
