import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLogger, Logger, MetricsServer, ServiceNotifier, startMetricsServer } from '@hearth/shared';
import type { Knex } from 'knex';
import { migrationSource } from './migrations';
import type { ApiConfig } from './config';
import { composeApi, closeApi } from './compose-api';
import { createApp } from './app';
import { loadOrCreateCertificate } from './listener-certificate';
import type { AppDeps } from './compose-api';

export interface RunningApi {
  url: string;
  /** The /metrics URL when the metrics listener is enabled. */
  metricsUrl: string | null;
  deps: AppDeps;
  /** Resolves once the database answers and every migration is applied (then READY=1). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Polls until the panel database answers and has no pending migration. */
async function waitUntilServable(db: Knex, log: Logger, stopped: () => boolean): Promise<void> {
  let said = '';
  while (!stopped()) {
    let why: string;
    try {
      const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
      if (pending.length === 0) return;
      why = `${pending.length} migration(s) pending; run hearthctl migrate`;
    } catch (e) {
      why = `panel database unreachable: ${(e as Error).message}`;
    }
    if (why !== said) log.warn({ reason: why }, 'not ready yet');
    said = why;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Starts the API. `notifier` hears READY=1 once the listener is bound, the database
 * answers and the migrations are applied (systemd Type=notify), then the watchdog pings.
 * `log`: another logger (tests write the API's log to a file under their root).
 */
export async function startApi(config: ApiConfig, notifier?: ServiceNotifier, log = createLogger('hearth-api', config.logLevel)): Promise<RunningApi> {
  const deps = composeApi(config, log);
  const app = createApp(deps);
  const server = config.listen.plainHttp
    ? http.createServer(app)
    : https.createServer(await loadOrCreateCertificate(config.listen.tlsDir, ['localhost', '127.0.0.1']), app);
  server.headersTimeout = 20_000;
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => resolve());
  });
  const stopReconcile = deps.reconcile.schedule(10_000, 0);
  // Hourly housekeeping: idempotency keys are kept at least 24 hours; expired sessions and
  // forgotten login-throttle counters go.
  const purge = setInterval(() => {
    void deps.idempotency.store.purgeOlderThan(48).catch(() => undefined);
    void deps.sessionStore.purgeExpired().catch(() => undefined);
    void deps.loginThrottle.purgeStale().catch(() => undefined);
  }, 3_600_000);
  purge.unref();
  const { port } = server.address() as AddressInfo;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `${config.listen.plainHttp ? 'http' : 'https'}://${host}:${port}`;
  log.info({ url }, 'hearth-api listening');
  let metrics: MetricsServer | null = null;
  if (config.metrics.enabled && deps.metrics) {
    metrics = await startMetricsServer(deps.metrics.registry, config.metrics);
    log.info({ url: metrics.url }, 'metrics listening');
  }
  let stopped = false;
  const ready = waitUntilServable(deps.db, log, () => stopped).then(() => {
    if (stopped) return;
    log.info('hearth-api ready');
    // Package edits whose limits were still being applied when the API stopped go on.
    deps.packageApply.resume().catch((err) => log.warn({ err }, 'resuming package applies failed'));
    notifier?.ready('serving');
    notifier?.startWatchdog();
  });
  return {
    url,
    metricsUrl: metrics?.url ?? null,
    deps,
    ready,
    async stop() {
      stopped = true;
      notifier?.stopping();
      notifier?.close();
      await metrics?.close();
      stopReconcile();
      deps.packageApply.close();
      clearInterval(purge);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      // A readiness check still waiting for a connection would outlive the pool otherwise.
      await ready.catch(() => undefined);
      await closeApi(deps);
    },
  };
}
