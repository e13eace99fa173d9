import type { Logger } from '@hearth/shared';
import type { ApiConfig } from './config';
import type { AppDeps } from './app-deps';
import { createDb } from './db';
import { AgentChannel } from './agent/agent-channel';
import { GrpcAccountAgent } from './agent/grpc-account-agent';
import { KnexAccountStore } from './stores/knex-account-store';
import { KnexPackageStore } from './stores/knex-package-store';
import { KnexTokenStore } from './stores/knex-token-store';
import { AccountService } from './services/account-service';
import { PackageService } from './services/package-service';
import { TokenService } from './services/token-service';
import { LicenseService } from './services/license-service';

export function buildDeps(config: ApiConfig, log: Logger): AppDeps {
  const db = createDb(config.database);
  const channel = new AgentChannel(config.agent);
  const accountAgent = new GrpcAccountAgent(channel);
  const accountStore = new KnexAccountStore(db);
  const packageStore = new KnexPackageStore(db);
  const license = new LicenseService(config.license);
  return {
    config, log, db, channel, accountAgent, accountStore, packageStore, license,
    accounts: new AccountService(accountStore, packageStore, accountAgent, license, log.child({ component: 'accounts' })),
    packages: new PackageService(packageStore, accountStore),
    tokens: new TokenService(new KnexTokenStore(db)),
  };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  deps.channel.close();
  await deps.db.destroy();
}
