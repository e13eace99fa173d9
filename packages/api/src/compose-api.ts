import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import type { Logger } from '@hearth/shared';
import type { ApiConfig } from './config';
import { createDb } from './db';
import { ApiMetrics } from './metrics/api-metrics';
import { JwtCodec } from './http/jwt-codec';
// The agent client: one channel, one client per agent service.
import { AgentChannel } from './agent/agent-channel';
import { AccountAgent, GrpcAccountAgent } from './agent/grpc-account-agent';
import { GrpcTlsAgent } from './agent/grpc-tls-client';
import { GrpcDnsAgent } from './agent/grpc-dns-client';
import { GrpcDatabaseAgent } from './agent/grpc-databases-client';
import { GrpcMailAgent } from './agent/grpc-mail-client';
import { GrpcSubaccountAgent } from './agent/grpc-subaccounts-client';
// Stores: the panel database.
import { KnexAccountStore } from './stores/knex-account-store';
import { KnexPackageStore } from './stores/knex-package-store';
import { KnexTokenStore } from './stores/knex-token-store';
import { KnexIdempotencyStore } from './stores/knex-idempotency-store';
import { KnexUserStore } from './stores/knex-user-store';
import { KnexSessionStore } from './stores/knex-session-store';
import { KnexAuditStore } from './stores/knex-audit-store';
import { KnexMailboxStore } from './stores/knex-mailbox-store';
import { KnexUapiTokenStore } from './stores/knex-uapi-token-store';
import { KnexLoginThrottle } from './stores/knex-login-throttle';
// Services: the API's business rules.
import { throttleRules } from './services/login-throttle';
import { LicenseService } from './services/license-service';
import { AccountService } from './services/account-service';
import { AccountDomainService } from './services/account-domain-service';
import { KnexAccountDomainStore } from './stores/knex-account-domain-store';
import { GrpcDomainsAgent } from './agent/grpc-domains-client';
import { UapiDomains } from './services/uapi-domains';
import { PackageService } from './services/package-service';
import { TokenService } from './services/token-service';
import { ChangeWatch } from './services/change-watch';
import { ReconcileService } from './services/reconcile-service';
import { TlsService } from './services/tls-service';
import { DnsRecordService } from './services/dns-record-service';
import { DatabaseService } from './services/database-service';
import { MailboxService } from './services/mailbox-service';
import { SessionService } from './services/session-service';
import { PeopleService } from './services/people-service';
import { CustomerService } from './services/customer-service';
import { AuditService } from './services/audit-service';
import { SubaccountService } from './services/subaccount-service';
import { UapiService } from './services/uapi-service';
import { UapiAuthService } from './services/uapi-auth-service';
import { DoctorService } from './services/doctor-service';
import { UapiTokenService } from './services/uapi-token-service';
import { SubaccountRestService } from './services/subaccount-rest-service';
import { ServerService } from './services/server-service';
import { AccountPasswordService } from './services/account-password-service';
import { AccountPackageService } from './services/account-package-service';
import { AccountUsageCounts } from './services/account-usage-counts';
import { PackageApplyService } from './services/package-apply-service';
import { AccountUsageService } from './services/account-usage-service';
import { KnexPackageApplyStore } from './stores/knex-package-apply-store';

/**
 * Everything the API process is made of, built once by composeApi (the API's one
 * composition root). Routes take what they need from it; hearthctl builds the same.
 */
export interface AppDeps {
  config: ApiConfig;
  log: Logger;
  db: Knex;
  metrics?: ApiMetrics;
  // The agent.
  channel: AgentChannel;
  accountAgent: AccountAgent;
  // Stores.
  accountStore: KnexAccountStore;
  packageStore: KnexPackageStore;
  userStore: KnexUserStore;
  sessionStore: KnexSessionStore;
  idempotency: { store: KnexIdempotencyStore; secret: string };
  /** One throttle for every password login the API checks (panel, UAPI Basic). */
  loginThrottle: KnexLoginThrottle;
  // Services.
  license: LicenseService;
  accounts: AccountService;
  packages: PackageService;
  tokens: TokenService;
  /** The API-token revocation signal (polled; stopped by closeApi). */
  revocations: ChangeWatch;
  /** Changes of account rows, which KnexAccountStore remembers by id (polled; stopped by closeApi). */
  accountChanges: ChangeWatch;
  reconcile: ReconcileService;
  /** hearthctl doctor: the panel rows against the agent's inventory. */
  doctor: DoctorService;
  sessions: SessionService;
  people: PeopleService;
  customers: CustomerService;
  audit: AuditService;
  tls: TlsService;
  dnsRecords: DnsRecordService;
  databases: DatabaseService;
  mailboxes: MailboxService;
  accountDomains: AccountDomainService;
  accountDomainStore: KnexAccountDomainStore;
  subaccounts: SubaccountService;
  subaccountRest: SubaccountRestService;
  uapiTokens: UapiTokenService;
  uapi: UapiService;
  /** GET /server: version, license, counts, load, disk, daemons. */
  server: ServerService;
  /** POST /accounts/{id}/password. */
  accountPassword: AccountPasswordService;
  /** POST /accounts/{id}/package (and PATCH /packages/{id} per account). */
  accountPackage: AccountPackageService;
  /** PATCH /packages/{id}: the edited limits applied to each account, resumable. */
  packageApply: PackageApplyService;
  /** GET /accounts/{id}/usage and ?include=usage. */
  accountUsage: AccountUsageService;
}

// Valid API tokens are remembered this long; a revocation in this process clears them at
// once, one by hearthctl within a poll of the token table (change-watch.ts).
const TOKEN_CACHE_MS = 5000;
const TOKEN_REVOCATION_POLL_MS = 500;
// Account rows read by id are remembered the same way: changes by this process forget them
// at once, changes by hearthctl (or by hand) within a poll of the accounts table's mark.
const ACCOUNT_CHANGE_POLL_MS = 500;

/** The audit log's database: `<panel db>_audit` (see migrations/20261123000001-people.ts). */
export function auditDatabaseName(config: ApiConfig): string {
  const name = `${config.database.database}_audit`;
  if (name.length > 64) throw new Error('database.database is too long to name its audit database (<name>_audit, 64 characters)');
  return name;
}

function jwtSecret(config: ApiConfig, log: Logger): string {
  if (config.jwt.secret) return config.jwt.secret;
  log.warn('jwt.secret is not set: using a random secret, sessions end when the API restarts');
  return randomBytes(32).toString('hex');
}

/** The agent token is the one secret the API already holds; a derived key keeps the uses apart. */
function idempotencySecret(config: ApiConfig): string {
  return createHash('sha256').update(`idempotency:${readFileSync(config.agent.tokenFile, 'utf8').trim()}`).digest('hex');
}

/** Builds the API: the database, the agent client, every store and every service, wired once. */
export function composeApi(config: ApiConfig, log: Logger): AppDeps {
  const db = createDb(config.database, log.child({ component: 'db' }));
  const channel = new AgentChannel(config.agent);
  const accountAgent = new GrpcAccountAgent(channel);

  const accountStore = new KnexAccountStore(db);
  const accountChanges = new ChangeWatch(accountStore, ACCOUNT_CHANGE_POLL_MS, 'accounts', log.child({ component: 'accounts' }));
  accountStore.rememberRows(accountChanges);
  accountChanges.start();
  const packageStore = new KnexPackageStore(db);
  const userStore = new KnexUserStore(db);
  const tokenStore = new KnexTokenStore(db);
  const revocations = new ChangeWatch(tokenStore, TOKEN_REVOCATION_POLL_MS, 'API tokens', log.child({ component: 'tokens' }));
  revocations.start();
  const sessionStore = new KnexSessionStore(db, () => revocations.changedHere());
  const mailboxStore = new KnexMailboxStore(db);
  const accountDomainStore = new KnexAccountDomainStore(db);
  const uapiTokenStore = new KnexUapiTokenStore(db);
  const loginThrottle = new KnexLoginThrottle(db, throttleRules(config.loginThrottle));

  const license = new LicenseService(config.license);
  const people = new PeopleService(userStore, sessionStore);
  const customers = new CustomerService(userStore, sessionStore, accountStore, people);
  const accounts = new AccountService(accountStore, packageStore, accountAgent, license, log.child({ component: 'accounts' }), customers);
  // Customers and accounts use each other: deleting a customer deletes its accounts.
  customers.useAccountDeletion((id) => accounts.delete(id));
  const reconcile = new ReconcileService(accountStore, accountAgent, log.child({ component: 'reconcile' }), accounts.inFlight);
  const databaseAgent = new GrpcDatabaseAgent(channel);
  const accountPackage = new AccountPackageService(accounts, accountStore, packageStore, accountAgent, new AccountUsageCounts(mailboxStore, databaseAgent, accountDomainStore), license);
  const packageApply = new PackageApplyService(new KnexPackageApplyStore(db), accountStore, packageStore, accountPackage, log.child({ component: 'package-apply' }));
  const accountDomains = new AccountDomainService(accountStore, packageStore, accountDomainStore, new GrpcDomainsAgent(channel), accountAgent, license, log.child({ component: 'domains' }));
  reconcile.alsoSettle(accountDomains);
  const subaccounts = new SubaccountService(new GrpcSubaccountAgent(channel), mailboxStore, packageStore, license, log.child({ component: 'subaccounts' }));

  return {
    config, log, db, channel, accountAgent,
    metrics: new ApiMetrics(license, db),
    accountStore, packageStore, userStore, sessionStore, loginThrottle,
    idempotency: { store: new KnexIdempotencyStore(db), secret: idempotencySecret(config) },
    license, people, customers, accounts, subaccounts, reconcile,
    doctor: new DoctorService(accountStore, packageStore, accountAgent, reconcile),
    packages: new PackageService(packageStore, accountStore, license, packageApply),
    tokens: new TokenService(tokenStore, { ttlMs: TOKEN_CACHE_MS, revocations }),
    revocations,
    accountChanges,
    sessions: new SessionService(userStore, sessionStore, new JwtCodec(jwtSecret(config, log), config.jwt.algorithm, config.jwt.issuer), loginThrottle, config.jwt.sessionTtlSeconds),
    audit: new AuditService(new KnexAuditStore(db, auditDatabaseName(config))),
    tls: new TlsService(accountStore, new GrpcTlsAgent(channel), license),
    dnsRecords: new DnsRecordService(accountStore, new GrpcDnsAgent(channel), license),
    databases: new DatabaseService(accountStore, packageStore, databaseAgent, license),
    mailboxes: new MailboxService(accountStore, packageStore, mailboxStore, new GrpcMailAgent(channel), license, log.child({ component: 'mailboxes' }), accountDomainStore),
    subaccountRest: new SubaccountRestService(accountStore, subaccounts),
    accountDomainStore, accountDomains,
    uapiTokens: new UapiTokenService(uapiTokenStore, accountStore),
    uapi: new UapiService(subaccounts, new UapiAuthService(accountStore, userStore, uapiTokenStore, loginThrottle), log.child({ component: 'uapi' }), new UapiDomains(accountDomains)),
    server: new ServerService(db, license, () => accountAgent.health(), config.homeRoot),
    accountPassword: new AccountPasswordService(accounts, accountStore, sessionStore, license),
    accountPackage, packageApply,
    accountUsage: new AccountUsageService(accounts, packageStore, mailboxStore, accountAgent, accountDomainStore, config.usageMaxAgeSeconds),
  };
}

/** Closes what composeApi opened: the agent channel and the database pool. */
export async function closeApi(deps: AppDeps): Promise<void> {
  deps.revocations.stop();
  deps.accountChanges.stop();
  deps.channel.close();
  await deps.db.destroy();
}
