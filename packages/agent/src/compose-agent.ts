import type { Logger } from '@hearth/shared';
import type { AgentConfig } from './config';
import type { GrpcRegistration } from './grpc/grpc-registration';
import type { AgentModule, ModuleCore } from './operations/agent-module';
import type { OperationDef, OperationRunner } from './operations/operation-runner';
import type { AccountSpec, CoreParts, Step, StepContext } from './operations/step';
import { accountRecordLimitsStep, accountRecordStep, removeAccountRecordStep } from './operations/account-record';
import { diskQuotaStep } from './users/disk-quota-step';
import { poolLimitsStep } from './web/pool-limits-step';
import { createSpawnerExec } from './system/spawner-exec';
import { KeyedMutex } from './system/keyed-mutex';
import type { AccountLifecycle } from './accounts/account-lifecycle';
import { AccountOperations } from './accounts/account-operations';
import { accountGrpc } from './accounts/account-grpc';
import { AccountUsageMeter } from './usage/account-usage-meter';
import { createUsersModule, usersSteps } from './users/users-module';
import { createWebModule, webSteps } from './web/web-module';
import type { WebParts } from './web/web-parts';
import { NO_VHOST_TLS } from './web/vhost-tls-source';
import { createDnsModule, dnsSteps } from './dns/dns-module';
import type { DnsParts } from './dns/dns-parts';
import { dnsSettings } from './dns/dns-config';
import { createMailModule, mailSteps } from './mail/mail-module';
import type { MailParts } from './mail/mail-parts';
import { createDatabasesModule, databasesSteps } from './databases/databases-module';
import type { DatabasesParts } from './databases/databases-parts';
import { databasesSettings } from './databases/databases-config';
import { createTlsModule, tlsSteps } from './tls/tls-module';
import type { TlsParts } from './tls/tls-parts';
import { tlsSettings } from './tls/tls-config';
import { createFtpModule } from './ftp/ftp-module';
import type { FtpParts } from './ftp/ftp-parts';
import { ftpSettings } from './ftp/ftp-config';
import { createWebdiskModule } from './webdisk/webdisk-module';
import type { WebdiskParts } from './webdisk/webdisk-parts';
import { webdiskSettings } from './webdisk/webdisk-config';
import { createSubaccountsModule, subaccountsSteps } from './subaccounts/subaccounts-module';
import { createDomainsModule } from './domains/domains-module';
import { forEachAddedDomain, withMail, withZone } from './domains/each-domain';
import { inParallel, inSequence } from './operations/step-groups';

/** Every module's parts in one step context: what any step of any module may read. */
export type AgentParts = CoreParts & WebParts & DnsParts & MailParts & DatabasesParts & TlsParts & FtpParts & WebdiskParts;
export type AgentContext = StepContext<AgentParts>;

export interface ComposedAgent {
  readonly ctx: AgentContext;
  readonly lifecycle: AccountLifecycle<AgentParts>;
  /** Every journaled operation kind, so start-up recovery can finish or undo any of them. */
  readonly operations: readonly OperationDef<never, AgentParts>[];
  /** The gRPC services, built once the runner exists (after recovery). */
  grpc(runner: OperationRunner<AgentParts>): GrpcRegistration[];
  /** The modules' start-up upgrades of what earlier versions left (AgentModule.prepare), after recovery. */
  prepare(): Promise<void>;
  /** Starts the modules' background work (TLS issuance) once recovery has finished. */
  start(): void;
  close(): Promise<void>;
}

/** The modules' named lifecycle steps the account operations are ordered from. */
export interface LifecycleSteps {
  users: typeof usersSteps;
  web: typeof webSteps;
  tls: typeof tlsSteps;
  dns: typeof dnsSteps;
  mail: typeof mailSteps;
  databases: typeof databasesSteps;
  subaccounts: typeof subaccountsSteps;
  /** A package change's steps (record, kernel quota, PHP pool). */
  limits?: { record: typeof accountRecordLimitsStep; diskQuota: typeof diskQuotaStep; pool: typeof poolLimitsStep };
}

type AccountStep = Step<AccountSpec, AgentParts>;
/** Steps at the same time, and steps one after another, of the whole-account operations. */
const together = (name: string, steps: AccountStep[]): AccountStep => inParallel(name, steps);
const inTurn = (name: string, steps: AccountStep[]): AccountStep => inSequence(name, steps);

const MODULE_STEPS: LifecycleSteps = {
  users: usersSteps, web: webSteps, tls: tlsSteps, dns: dnsSteps, mail: mailSteps, databases: databasesSteps, subaccounts: subaccountsSteps,
};

/**
 * The ordered whole-account step lists. Pure: the fault-injection test derives its exact
 * crash-point counts from it (with the modules' own step tables, the default).
 */
export function accountLifecycle(steps: LifecycleSteps = MODULE_STEPS): Omit<AccountLifecycle<AgentParts>, 'probes' | 'orphanScanners'> {
  const { users: u, web: w, tls: t, dns: d, mail: m, databases: db, subaccounts: s } = steps;
  const l = steps.limits ?? { record: accountRecordLimitsStep, diskQuota: diskQuotaStep, pool: poolLimitsStep };
  /*
   * Create: databases prefix free → record → {user → home → web files → {PHP-FPM pool, vhost}, DNS zone, mail domain} → TLS plan.
   * Delete: sub-accounts → TLS stop → {vhosts → certificates, pool, databases, mail, DNS} → log dir → home (its processes stopped first) → user → record.
   * Braces are groups run at the same time (operations/step-groups.ts): each member waits
   * mostly for its own daemon's reload, so a create takes the longest of them, not the sum.
   * Added domains (addon, subdomain, alias; domains/) go through the same web, mail and DNS
   * steps beside the primary's, each wrapped by forEachAddedDomain.
   * (Processes stop in remove_home, after the pool is gone: PHP-FPM respawns a pool's killed workers.)
   */
  const create: OperationDef<AccountSpec, AgentParts> = {
    kind: 'create_account',
    recovery: 'rollback',
    steps: [
      db.databasePrefixFreeStep, accountRecordStep,
      together('host_services', [
        inTurn('web_site', [
          u.linuxUserStep, u.homeStep, w.defaultIndexStep, w.webLogDirStep, together('web_config', [w.phpPoolStep, w.nginxVhostStep]),
        ]),
        d.dnsZoneStep,
        m.mailDomainStep,
      ]),
      t.tlsRequestStep,
    ],
  };
  return {
    create,
    delete: {
      kind: 'delete_account',
      recovery: 'rollforward',
      steps: [
        s.removeServiceAccountsStep, t.tlsStopStep, forEachAddedDomain(t.tlsStopStep),
        together('retire_services', [
          inTurn('web_sites', [
            forEachAddedDomain(w.removeVhostStep), w.removeVhostStep, t.tlsRemoveCertificateStep, forEachAddedDomain(t.tlsRemoveCertificateStep),
          ]),
          w.removePoolStep,
          db.dropAccountDatabasesStep,
          inTurn('mail_domains', [forEachAddedDomain(m.removeMailDomainStep, withMail), m.removeMailDomainStep]),
          inTurn('dns_zones', [forEachAddedDomain(d.removeDnsZoneStep, withZone), d.removeDnsZoneStep]),
        ]),
        w.removeWebLogDirStep, u.removeHomeStep, u.removeUserStep, removeAccountRecordStep,
      ],
    },
    suspend: {
      kind: 'suspend_account',
      recovery: 'rollback',
      steps: [u.lockLoginStep, w.suspendVhostStep, forEachAddedDomain(w.suspendVhostStep), w.suspendPoolStep, db.lockDatabaseUsersStep, m.suspendMailStep, forEachAddedDomain(m.suspendMailStep, withMail), s.suspendServiceAccountsStep],
    },
    unsuspend: {
      kind: 'unsuspend_account',
      recovery: 'rollback',
      steps: [u.unlockLoginStep, w.unsuspendPoolStep, w.unsuspendVhostStep, forEachAddedDomain(w.unsuspendVhostStep), db.unlockDatabaseUsersStep, m.unsuspendMailStep, forEachAddedDomain(m.unsuspendMailStep, withMail), s.unsuspendServiceAccountsStep],
    },
    /** Re-applies the create steps (each checks before it acts) to restore missing pieces. */
    repair: {
      kind: 'repair_account',
      recovery: 'rollforward',
      // The prefix check refuses leftovers; a repair keeps the account's own databases.
      steps: create.steps.filter((step) => step !== db.databasePrefixFreeStep),
    },
    /** Package change: record → kernel quota → PHP pool (last: `php-fpm -t` may refuse it). */
    changeLimits: {
      kind: 'change_account_limits',
      recovery: 'rollback',
      steps: [l.record, l.diskQuota, l.pool],
    },
  };
}

/**
 * The one place the agent is assembled: it builds each resource module from its settings,
 * wires the modules that meet (TLS gets the web daemons; the web steps get TLS as their
 * VhostTlsSource) and owns the ordered step lists of the account lifecycle.
 */
export async function composeAgent(config: AgentConfig, log: Logger): Promise<ComposedAgent> {
  // Commands run through a small spawner process: forking the agent itself blocks its event loop.
  const spawner = createSpawnerExec(log.child({ component: 'spawner' }));
  const core: ModuleCore = { config, parts: { exec: spawner.exec, log, accountLocks: new KeyedMutex() } };
  const users = createUsersModule(config, core);
  const web = createWebModule(config.web, core);
  const tls = createTlsModule(tlsSettings(config), core, web.parts.web);
  const dns = createDnsModule(dnsSettings(config), core);
  const mail = await createMailModule(config.mail, core);
  const databases = createDatabasesModule(databasesSettings(config), core);
  const ftp = await createFtpModule(ftpSettings(config), core);
  const webdisk = await createWebdiskModule(webdiskSettings(config), core);
  const subaccounts = createSubaccountsModule(config, core);
  const domains = createDomainsModule(core);
  const modules: AgentModule<AgentParts>[] = [users, web, tls, dns, mail, databases, ftp, webdisk, subaccounts, domains];

  const ctx: AgentContext = {
    config,
    log: log.child({ component: 'steps' }),
    parts: {
      ...core.parts, ...web.parts, ...tls.parts, ...dns.parts, ...mail.parts, ...databases.parts, ...ftp.parts, ...webdisk.parts,
      vhostTls: tls.parts.tls ?? NO_VHOST_TLS,
    },
  };
  const lifecycle: AccountLifecycle<AgentParts> = {
    ...accountLifecycle({
      users: users.steps, web: web.steps, tls: tls.steps, dns: dns.steps, mail: mail.steps, databases: databases.steps, subaccounts: subaccounts.steps,
    }),
    probes: modules.flatMap((mod) => mod.probes),
    orphanScanners: modules.flatMap((mod) => mod.orphanScanners),
  };

  return {
    ctx,
    lifecycle,
    operations: [
      lifecycle.repair, lifecycle.create, lifecycle.delete, lifecycle.suspend, lifecycle.unsuspend, lifecycle.changeLimits,
      ...modules.flatMap((mod) => mod.operations),
    ],
    grpc(runner) {
      const runtime = { runner, ctx };
      const accounts = new AccountOperations(runner, ctx, lifecycle);
      const registrations = [accountGrpc(accounts, runner, new AccountUsageMeter(ctx)), ...modules.map((mod) => mod.grpc(runtime))];
      return registrations.filter((r): r is GrpcRegistration => r !== null);
    },
    async prepare() {
      for (const mod of modules) await mod.prepare?.();
    },
    start() {
      for (const mod of modules) mod.start();
    },
    async close() {
      for (const mod of modules) await mod.close();
      spawner.close();
    },
  };
}
