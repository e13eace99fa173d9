import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The agent's Prometheus metrics (prom-client). One registry per process: the agent is
 * one process, and the collaborators that count (operation runner, reload coordinators,
 * gRPC wrapper) live far apart, so they share this module instead of threading a handle
 * through every constructor. Served by the loopback /metrics listener (`metrics` config).
 */
export class AgentMetrics {
  readonly registry = new Registry();

  readonly operations = new Counter({
    name: 'hearth_agent_operations_total',
    help: 'Agent operations by kind, outcome (succeeded, failed, refused, replayed) and the step that failed',
    labelNames: ['kind', 'outcome', 'step'] as const,
    registers: [this.registry],
  });

  readonly operationSeconds = new Histogram({
    name: 'hearth_agent_operation_duration_seconds',
    help: 'Duration of agent operations by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly rpcs = new Counter({
    name: 'hearth_agent_rpcs_total',
    help: 'gRPC calls served, by method and status code',
    labelNames: ['rpc', 'code'] as const,
    registers: [this.registry],
  });

  readonly rpcSeconds = new Histogram({
    name: 'hearth_agent_rpc_duration_seconds',
    help: 'gRPC call latency by method and status code',
    labelNames: ['rpc', 'code'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [this.registry],
  });

  readonly reloads = new Counter({
    name: 'hearth_daemon_reloads_total',
    help: 'Reloads of managed daemons (nginx, php-fpm-<version>, postfix) by outcome',
    labelNames: ['daemon', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly reloadSeconds = new Histogram({
    name: 'hearth_daemon_reload_duration_seconds',
    help: 'Duration of daemon reloads until they took effect',
    labelNames: ['daemon'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Counts the journal's running entries at scrape time; set by startAgent. */
  backlogSource: (() => Promise<number>) | null = null;

  readonly journalBacklog = (() => {
    const metrics = this;
    return new Gauge({
      name: 'hearth_agent_journal_backlog',
      help: 'Journal entries of operations still running (in flight, or left by a crash until recovery)',
      registers: [this.registry],
      async collect() {
        if (metrics.backlogSource) this.set(await metrics.backlogSource());
      },
    });
  })();

  private defaults = false;

  /**
   * Process metrics (CPU, memory, event-loop lag, GC): only once the /metrics listener is
   * on. Their collectors keep an event-loop delay histogram and a GC observer running for
   * the life of the process, which an agent without a metrics listener has no use for.
   */
  collectDefaults(): void {
    if (this.defaults) return;
    this.defaults = true;
    collectDefaultMetrics({ register: this.registry, prefix: 'hearth_agent_' });
  }

  /** Times a daemon reload and counts it, whatever its outcome. */
  async timeReload<T>(daemon: string, reload: () => Promise<T>): Promise<T> {
    const end = this.reloadSeconds.startTimer({ daemon });
    try {
      const value = await reload();
      this.reloads.inc({ daemon, outcome: 'ok' });
      return value;
    } catch (e) {
      this.reloads.inc({ daemon, outcome: 'failed' });
      throw e;
    } finally {
      end();
    }
  }
}

export const agentMetrics = new AgentMetrics();
