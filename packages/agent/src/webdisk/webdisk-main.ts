#!/usr/bin/env node
import { createLogger } from '@hearth/shared';
import { loadWebdiskServerConfig } from './webdisk-server-config';
import { WebdiskServer } from './webdisk-server';

/**
 * hearth-webdisk: `node webdisk-main.js [/etc/hearth/webdisk.json]`. Runs as root because
 * each request's file operation runs as that login's hosting account (uid/gid), which
 * only root may switch to; the process itself never opens a file in a home.
 */
async function main(): Promise<void> {
  const config = loadWebdiskServerConfig(process.argv[2] ?? '/etc/hearth/webdisk.json');
  const log = createLogger('hearth-webdisk', config.logLevel);
  const server = new WebdiskServer(config, log);
  const { port } = await server.start();
  log.info({ host: config.host, port }, 'Web Disk listening');
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`hearth-webdisk: ${e.message}\n`);
  process.exit(1);
});
