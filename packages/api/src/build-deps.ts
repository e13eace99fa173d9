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
import { ReconcileService } from './services/reconcile-service';
import { KnexIdempotencyStore } from './stores/knex-idempotency-store';
import { buildPeopleDeps } from './people-deps';
import { TlsService } from './services/tls-service';
import { GrpcTlsAgent } from './agent/grpc-tls-client';
import { ApiMetrics } from './metrics/api-metrics';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Off: a revocation must hold at once, and revocations also happen outside TokenService
// (a reseller's password change revokes their tokens in the session store, hearthctl
// revokes from another process). A cache needs a shared revocation signal first.
const TOKEN_CACHE_MS = 0;

export function buildDeps(config: ApiConfig, log: Logger): AppDeps {
  const db = createDb(config.database);
  const channel = new AgentChannel(config.agent);
  const accountAgent = new GrpcAccountAgent(channel);
  const accountStore = new KnexAccountStore(db);
  const packageStore = new KnexPackageStore(db);
  const license = new LicenseService(config.license);
  const people = buildPeopleDeps(config, db, log, accountStore);
  const accounts = new AccountService(accountStore, packageStore, accountAgent, license, log.child({ component: 'accounts' }), people.customers);
  people.customers.useAccountDeletion((id) => accounts.delete(id));
  return {
    config, log, db, channel, accountAgent, accountStore, packageStore, license, ...people,
    accounts,
    packages: new PackageService(packageStore, accountStore),
    tokens: new TokenService(new KnexTokenStore(db), TOKEN_CACHE_MS),
    // The agent token is the one secret the API already holds; a derived key keeps the uses apart.
    idempotency: { store: new KnexIdempotencyStore(db), secret: createHash('sha256').update(`idempotency:${readFileSync(config.agent.tokenFile, 'utf8').trim()}`).digest('hex') },
    tls: new TlsService(accountStore, new GrpcTlsAgent(channel), license),
    reconcile: new ReconcileService(accountStore, accountAgent, log.child({ component: 'reconcile' }), accounts.inFlight),
    metrics: new ApiMetrics(license, db),
  };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  deps.channel.close();
  await deps.db.destroy();
}
