import { createLogger } from '@hearth/shared';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { CryptPool } from './crypt-pool';
import { FrontAuth } from './front-auth';
import { LauncherChannel, LauncherToFront } from './launcher-channel';
import { FileLoginThrottle } from './file-login-throttle';
import type { WebdiskServerConfig } from './webdisk-server-config';
import { WebdiskServer } from './webdisk-server';
import { WorkerPool } from './worker-pool';

/**
 * hearth-webdisk's HTTP front process, forked by the launcher with the `user` of the
 * config (never root). It gets its TLS certificate and key over the IPC channel and asks
 * the launcher for the users file and for workers' sockets.
 */
async function main(): Promise<void> {
  if (process.getuid?.() === 0) throw new Error('the Web Disk front must not run as root');
  const channel = new LauncherChannel((m) => process.send?.(m));
  // The config, like the key, comes over the IPC channel: the front's user cannot (and must
  // not) read /etc/hearth, where the launcher, as root, read it.
  const init = await new Promise<{ cert: string; key: string; config: WebdiskServerConfig }>((resolve) => {
    process.on('message', (m: LauncherToFront | { type: 'init'; cert: string; key: string; config: WebdiskServerConfig }, handle?: Socket) => {
      if (m.type === 'init') resolve(m);
      else channel.receive(m, handle);
    });
  });
  const config = init.config;
  const log = createLogger('hearth-webdisk-front', config.logLevel);
  const throttle = new FileLoginThrottle(config.throttle, join(config.stateDir, 'login-throttle.json'));
  const pool = new CryptPool(config.cryptThreads);
  const auth = new FrontAuth(pool, throttle, (mtimeMs, size) => channel.users(mtimeMs, size), config.usersFile);
  const workers = new WorkerPool((login) => channel.spawn(login), { maxWorkers: config.maxWorkers, idleMs: config.workerIdleMs }, log);
  const server = new WebdiskServer({
    host: config.host, port: config.port, httpPort: config.httpPort, cert: init.cert, key: init.key, maxUploadBytes: config.maxUploadBytes,
    requestTimeoutMs: config.requestTimeoutMs, trustedProxies: config.trustedProxies,
  }, auth, workers, log);
  try {
    const { port, httpPort } = await server.start();
    log.info({ host: config.host, port, httpPort }, 'Web Disk listening');
    process.send?.({ type: 'listening', port });
  } catch (e) {
    process.send?.({ type: 'failed', error: (e as Error).message });
    throw e;
  }
  const stop = (): void => {
    void server.stop().then(() => throttle.flush()).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`hearth-webdisk front: ${e.message}\n`);
  process.exit(1);
});
