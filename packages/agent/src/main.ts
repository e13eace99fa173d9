#!/usr/bin/env node
import { startAgent } from './agent';
import { loadAgentConfig } from './config';
import { createLogger, SdNotifier } from '@hearth/shared';

const configFile = process.env.HEARTH_AGENT_CONFIG ?? process.argv[2] ?? '/etc/hearth/agent.json';

async function main(): Promise<void> {
  const config = loadAgentConfig(configFile);
  // Under systemd (Type=notify) READY=1 and watchdog pings; elsewhere a no-op.
  const notifier = SdNotifier.fromEnv(process.env, createLogger('hearth-agent', config.logLevel).child({ component: 'sd-notify' }));
  const agent = await startAgent(config, notifier);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    agent.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: Error) => {
  // Structured like every other line, so journald keeps it as JSON too.
  process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), name: 'hearth-agent', msg: `hearth-agent: ${e.message}` })}\n`);
  process.exit(1);
});
