#!/usr/bin/env node
import { loadApiConfig } from './config';
import { startApi } from './server';
import { createLogger, SdNotifier } from '@hearth/shared';

const configFile = process.env.HEARTH_API_CONFIG ?? process.argv[2] ?? '/etc/hearth/api.json';

async function main(): Promise<void> {
  if (process.getuid?.() === 0 && process.env.HEARTH_API_ALLOW_ROOT !== '1') {
    throw new Error('hearth-api must not run as root; run it as the hearth user');
  }
  const config = loadApiConfig(configFile);
  // Under systemd (Type=notify) READY=1 and watchdog pings; elsewhere a no-op.
  const notifier = SdNotifier.fromEnv(process.env, createLogger('hearth-api', config.logLevel).child({ component: 'sd-notify' }));
  const api = await startApi(config, notifier);
  const stop = (): void => {
    api.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // A line that start-up scripts and tests wait for (JSON like every other line).
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), name: 'hearth-api', url: api.url, msg: `HEARTH_API_LISTENING ${api.url} (listening)` })}\n`);
}

main().catch((e: Error) => {
  // Structured like every other line, so journald keeps it as JSON too.
  process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), name: 'hearth-api', msg: `hearth-api: ${e.message}` })}\n`);
  process.exit(1);
});
