import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@hearth/shared';
import type { ApiConfig } from './config';
import { buildDeps, closeDeps } from './build-deps';
import { createApp } from './app';
import { loadOrCreateCertificate } from './tls';
import type { AppDeps } from './app-deps';
import { KnexSessionStore } from './stores/knex-session-store';

export interface RunningApi {
  url: string;
  deps: AppDeps;
  stop(): Promise<void>;
}

export async function startApi(config: ApiConfig, log = createLogger('hearth-api', config.logLevel)): Promise<RunningApi> {
  const deps = buildDeps(config, log);
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
  const sessions = new KnexSessionStore(deps.db);
  const purge = setInterval(() => {
    void deps.idempotency.store.purgeOlderThan(48).catch(() => undefined);
    void sessions.purgeExpired().catch(() => undefined);
    void deps.loginThrottle.purgeStale().catch(() => undefined);
  }, 3_600_000);
  purge.unref();
  const { port } = server.address() as AddressInfo;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `${config.listen.plainHttp ? 'http' : 'https'}://${host}:${port}`;
  log.info({ url }, 'hearth-api listening');
  return {
    url,
    deps,
    async stop() {
      stopReconcile();
      clearInterval(purge);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await closeDeps(deps);
    },
  };
}
