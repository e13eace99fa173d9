import type { Knex } from 'knex';
import type { Logger } from '@hearth/shared';
import type { ApiConfig } from './config';
import type { AccountService } from './services/account-service';
import type { PackageService } from './services/package-service';
import type { TokenService } from './services/token-service';
import type { LicenseService } from './services/license-service';
import type { AgentChannel } from './agent/agent-channel';
import type { AccountAgent } from './agent/grpc-account-agent';
import type { KnexAccountStore } from './stores/knex-account-store';
import type { KnexPackageStore } from './stores/knex-package-store';
import type { ReconcileService } from './services/reconcile-service';
import type { TlsService } from './services/tls-service';
import type { KnexIdempotencyStore } from './stores/knex-idempotency-store';
import type { PeopleDeps } from './people-deps';
import type { ApiMetrics } from './metrics/api-metrics';

/** Everything the routes need, built once in build-deps.ts. Modules add theirs. */
export interface AppDeps extends PeopleDeps {
  config: ApiConfig;
  log: Logger;
  db: Knex;
  channel: AgentChannel;
  accountAgent: AccountAgent;
  accountStore: KnexAccountStore;
  packageStore: KnexPackageStore;
  accounts: AccountService;
  packages: PackageService;
  tokens: TokenService;
  license: LicenseService;
  reconcile: ReconcileService;
  idempotency: { store: KnexIdempotencyStore; secret: string };
  /** Certificates of the accounts' sites (TlsService over gRPC). */
  tls: TlsService;
  /** Prometheus metrics of this API (served only when config.metrics.enabled). */
  metrics?: ApiMetrics;
}
