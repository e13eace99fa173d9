import type { AgentConfig } from './config';
import type { AgentServices } from './services';
import { execArgv } from './system/exec';
import { KeyedMutex } from './system/keyed-mutex';
import type { Logger } from '@hearth/shared';
import { buildWebServices } from './web/web-services';
import { buildDatabaseAdmin } from './databases/database-services';
import { buildZoneWriter } from './dns/dns-services';
import { buildMail } from './mail/mail-services';
import { buildTlsManager } from './tls/tls-services';
import { buildFtp, buildWebdisk } from './subaccounts/subaccount-services';

/** Builds the long-lived collaborators once, at start-up. */
export async function buildServices(config: AgentConfig, log: Logger): Promise<AgentServices> {
  const web = buildWebServices(config.web, { exec: execArgv, log, stateDir: config.stateDir });
  return { exec: execArgv, log, accountLocks: new KeyedMutex(), web, databases: buildDatabaseAdmin(config), dns: buildZoneWriter(config), mail: await buildMail(config, execArgv), tls: buildTlsManager(config, log), ftp: await buildFtp(config, execArgv), webdisk: await buildWebdisk(config) };
}

/** Releases what buildServices opened (database pools, timers). */
export async function closeServices(services: AgentServices): Promise<void> {
  void services;
  await services.tls?.close();
  await services.databases?.close();
  await services.dns?.close();
}
