#!/usr/bin/env node
import { loadApiConfig } from './config';
import { startApi } from './server';

const configFile = process.env.HEARTH_API_CONFIG ?? process.argv[2] ?? '/etc/hearth/api.json';

async function main(): Promise<void> {
  if (process.getuid?.() === 0 && process.env.HEARTH_API_ALLOW_ROOT !== '1') {
    throw new Error('hearth-api must not run as root; run it as the hearth user');
  }
  const api = await startApi(loadApiConfig(configFile));
  const stop = (): void => {
    api.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // A line that start-up scripts and tests wait for.
  process.stdout.write(`HEARTH_API_LISTENING ${api.url}\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`hearth-api: ${e.message}\n`);
  process.exit(1);
});
