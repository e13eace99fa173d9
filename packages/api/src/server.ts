import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@hearth/shared';
import type { ApiConfig } from './config';
import { buildDeps, closeDeps } from './build-deps';
import { createApp } from './app';
import { loadOrCreateCertificate } from './tls';

export interface RunningApi {
  url: string;
  stop(): Promise<void>;
}

export async function startApi(config: ApiConfig): Promise<RunningApi> {
  const log = createLogger('hearth-api', config.logLevel);
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
  const { port } = server.address() as AddressInfo;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `${config.listen.plainHttp ? 'http' : 'https'}://${host}:${port}`;
  log.info({ url }, 'hearth-api listening');
  return {
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await closeDeps(deps);
    },
  };
}
