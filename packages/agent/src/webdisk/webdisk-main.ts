#!/usr/bin/env node
import { createLogger } from '@hearth/shared';
import { loadWebdiskServerConfig } from './webdisk-server-config';
import { WebdiskLauncher } from './webdisk-launcher';

/**
 * hearth-webdisk: `node webdisk-main.js [/etc/hearth/webdisk.json]`. Starts as root only
 * to run the launcher (webdisk-launcher.ts): the HTTP front runs as the config's `user`
 * and each login's file work as that login's hosting account.
 */
async function main(): Promise<void> {
  const file = process.argv[2] ?? '/etc/hearth/webdisk.json';
  const config = loadWebdiskServerConfig(file);
  const log = createLogger('hearth-webdisk', config.logLevel);
  const launcher = new WebdiskLauncher(config, log);
  await launcher.start();
  log.info({ user: config.user }, 'Web Disk front started');
  const stop = (): void => {
    void launcher.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: Error) => {
  process.stderr.write(`hearth-webdisk: ${e.message}\n`);
  process.exit(1);
});
