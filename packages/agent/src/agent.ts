import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { createLogger, Logger, MetricsServer, ServiceNotifier, startMetricsServer } from '@hearth/shared';
import type { AgentConfig } from './config';
import { composeAgent, AgentParts, ComposedAgent } from './compose-agent';
import { FileJournal } from './operations/journal';
import { OperationRunner } from './operations/operation-runner';
import { FaultSwitch } from './operations/fault-switch';
import { startGrpcServer } from './grpc/server';
import { groupGid } from './users/groups';
import { agentMetrics } from './metrics/agent-metrics';

export interface RunningAgent {
  /** The /metrics URL when the metrics listener is enabled. */
  metricsUrl: string | null;
  stop(): Promise<void>;
}

async function readToken(file: string): Promise<string> {
  const token = (await fs.readFile(file, 'utf8')).trim();
  if (token.length < 32) throw new Error(`agent token in ${file} is too short (need 32+ characters)`);
  return token;
}

/** Finishes or undoes every operation the journal shows as incomplete. */
async function recover(journal: FileJournal, runner: OperationRunner<AgentParts>, agent: ComposedAgent, log: Logger): Promise<void> {
  for (const entry of await journal.incomplete()) {
    const def = agent.operations.find((d) => d.kind === entry.kind);
    if (!def) {
      log.error({ op: entry.id, kind: entry.kind }, 'incomplete operation of unknown kind');
      continue;
    }
    log.warn({ op: entry.id, kind: entry.kind, recovery: def.recovery }, 'recovering incomplete operation');
    await runner.recover(entry, def);
  }
}

/**
 * Starts the agent. `notifier` hears READY=1 once the socket is bound with its final mode
 * and owner and recovery has finished (systemd Type=notify), then the watchdog pings.
 */
export async function startAgent(config: AgentConfig, notifier?: ServiceNotifier): Promise<RunningAgent> {
  const log = createLogger('hearth-agent', config.logLevel);
  if (process.getuid?.() !== 0) throw new Error('hearth-agent must run as root');
  const token = await readToken(config.tokenFile);
  const gid = await groupGid(config.socketGroup);
  await fs.mkdir(config.stateDir, { recursive: true, mode: 0o700 });
  await fs.mkdir(dirname(config.socketPath), { recursive: true, mode: 0o755 });

  const agent = await composeAgent(config, log);
  const journal = new FileJournal(config.stateDir);
  await journal.init();
  agentMetrics.backlogSource = async () => (await journal.incomplete()).length;
  notifier?.status('recovering incomplete operations');
  const runner = new OperationRunner(journal, agent.ctx, new FaultSwitch(config.testMode, config.stateDir));
  // Recovery happens before the socket opens: nobody sees a half-built account.
  await recover(journal, runner, agent, log);
  await agent.prepare();
  const prune = (): void => void journal.prune(30).catch((e) => log.warn({ err: e }, 'journal prune failed'));
  prune();
  const pruneTimer = setInterval(prune, 86_400_000);
  pruneTimer.unref();
  const server = await startGrpcServer({
    socketPath: config.socketPath,
    socketGroupGid: gid,
    token,
    registrations: agent.grpc(runner),
    log: log.child({ component: 'grpc' }),
  });
  // Background work (TLS issuance) begins only after recovery: nothing half-built is looked at.
  agent.start();
  let metrics: MetricsServer | null = null;
  if (config.metrics.enabled) {
    agentMetrics.collectDefaults();
    metrics = await startMetricsServer(agentMetrics.registry, config.metrics);
    log.info({ url: metrics.url }, 'metrics listening');
  }
  log.info({ socket: config.socketPath }, 'hearth-agent serving');
  watchEventLoop(log);
  notifier?.ready('serving');
  notifier?.startWatchdog();
  return {
    metricsUrl: metrics?.url ?? null,
    async stop() {
      notifier?.stopping();
      clearInterval(pruneTimer);
      await metrics?.close();
      await server.close();
      await agent.close();
      await fs.rm(config.socketPath, { force: true });
    },
  };
}

/**
 * At debug level, the event loop's worst delay every 5 s: a health check the API gives up
 * on after 1 s is answered late when the loop is blocked (bench/README.md); and the
 * process's memory (RSS, V8 heap, external) at the same moment.
 */
function watchEventLoop(log: Logger): void {
  if (!log.isLevelEnabled('debug')) return;
  const histogram = monitorEventLoopDelay({ resolution: 20 });
  histogram.enable();
  const timer = setInterval(() => {
    log.debug({ maxMs: Math.round(histogram.max / 1e6), p99Ms: Math.round(histogram.percentile(99) / 1e6) }, 'event loop delay');
    histogram.reset();
    // The process's own memory (children excluded), by kind: where the RSS goes (bench/README.md, Memory).
    const m = process.memoryUsage();
    const mb = (v: number) => Math.round(v / 104857.6) / 10;
    // Resident size of each V8 space (new_space, old_space, code_space, large_object_space, …).
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((sp) => [sp.space_name.replace(/_space$/, ''), mb(sp.physical_space_size)]));
    log.debug({ rssMb: mb(m.rss), heapTotalMb: mb(m.heapTotal), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers), spaces }, 'memory');
  }, 5000);
  timer.unref();
}
