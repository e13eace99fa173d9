import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { WebdiskConfig } from './webdisk-config';
import type { WebdiskParts } from './webdisk-parts';
import { WebdiskAccounts } from './webdisk-accounts';

/**
 * Web Disk (WebDAV) logins. Parts only, like FTP: the logins are sub-accounts (subaccounts
 * module); the WebDAV server itself is its own process (webdisk-main.ts).
 */
export async function createWebdiskModule(settings: WebdiskConfig, _core: ModuleCore): Promise<AgentModule<WebdiskParts, WebdiskParts, Record<string, never>>> {
  let webdisk: WebdiskAccounts | null = null;
  if (settings.enabled) {
    webdisk = new WebdiskAccounts(settings);
    await webdisk.ensureFiles();
  }
  return { name: 'webdisk', parts: { webdisk }, steps: {}, operations: [], probes: [], orphanScanners: [], grpc: () => null, start() {}, async close() {} };
}
