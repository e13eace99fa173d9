#!/usr/bin/env node
import { startAgent } from './agent';
import { loadAgentConfig } from './config';

const configFile = process.env.HEARTH_AGENT_CONFIG ?? process.argv[2] ?? '/etc/hearth/agent.json';

async function main(): Promise<void> {
  const config = loadAgentConfig(configFile);
  const agent = await startAgent(config);
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
  process.stderr.write(`hearth-agent: ${e.message}\n`);
  process.exit(1);
});
