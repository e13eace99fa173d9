import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { AgentNotAnsweringError, AgentUnavailableError, AUTH_METADATA_KEY, contractFiles, protoRoot, PROTO_LOADER_OPTIONS } from '@hearth/shared';
import { fromGrpc } from './from-grpc';
import { AgentLiveness } from './agent-liveness';

export interface AgentChannelOptions {
  socketPath: string;
  tokenFile: string;
  timeoutMs: number;
  /** Deadline of the health probes that tell a live agent from a stopped or hung one. */
  probeTimeoutMs?: number;
}

/** Calls with a deadline this short need no watching: they end soon anyway. */
const SHORT_CALL_MS = 2000;

type UnaryMethod = (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: object) => void) => void;

/**
 * One connection to the agent shared by every service client. Reconnect back-off is
 * short so that a restarted agent is used again within a second, and calls never wait
 * for the socket: a dead agent answers UNAVAILABLE at once (→ 503).
 */
export class AgentChannel {
  private readonly root: grpc.GrpcObject;
  private readonly channelOptions: grpc.ChannelOptions = {
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 1000,
    'grpc.min_reconnect_backoff_ms': 100,
  };
  private readonly clients = new Map<string, grpc.Client>();
  private readonly token: string;
  private readonly liveness: AgentLiveness;

  constructor(private readonly opts: AgentChannelOptions) {
    // The contract plus the standard health service.
    const healthRoot = dirname(dirname(dirname(healthProtoPath)));
    const definition = protoLoader.loadSync([...contractFiles(), 'health/v1/health.proto'], {
      ...PROTO_LOADER_OPTIONS,
      includeDirs: [protoRoot(), healthRoot],
    });
    this.root = grpc.loadPackageDefinition(definition);
    this.token = readFileSync(opts.tokenFile, 'utf8').trim();
    const probeTimeoutMs = opts.probeTimeoutMs ?? 1000;
    this.liveness = new AgentLiveness(
      () => this.unary<{ status: string }>('grpc.health.v1.Health', 'Check', { service: '' }, probeTimeoutMs).promise.then((r) => r.status === 'SERVING'),
      500,
    );
  }

  private client(service: string): grpc.Client {
    let client = this.clients.get(service);
    if (!client) {
      const ctor = service.split('.').reduce<unknown>((n, p) => (n as Record<string, unknown>)[p], this.root) as grpc.ServiceClientConstructor;
      if (typeof ctor !== 'function') throw new Error(`unknown agent service ${service}`);
      client = new ctor(`unix:${this.opts.socketPath}`, grpc.credentials.createInsecure(), this.channelOptions);
      this.clients.set(service, client);
    }
    return client;
  }

  /**
   * Calls a unary RPC with the agent token and a deadline; failures become Hearth errors.
   *
   * A long call (a mutation) first probes the agent: one that does not answer its health
   * check within the probe deadline (stopped, hung, overloaded) gets nothing sent and the
   * caller a 503 at once (delivered: false). While the call runs, the agent is probed
   * every 500 ms; if it stops answering, the call is abandoned with a 503 whose outcome
   * is unknown (the agent may hold the operation: its journal and the API's
   * reconciliation settle it), instead of waiting for the operation deadline.
   */
  async call<Res>(service: string, method: string, request: object, timeoutMs = this.opts.timeoutMs): Promise<Res> {
    if (timeoutMs <= SHORT_CALL_MS) return this.unary<Res>(service, method, request, timeoutMs).promise;
    if (!(await this.liveness.probe())) throw new AgentUnavailableError('The hearth agent is not answering', false);
    const running = this.unary<Res>(service, method, request, timeoutMs);
    return this.liveness.watch(running.promise, () => {
      running.cancel();
      return new AgentNotAnsweringError('The hearth agent stopped answering during the call');
    });
  }

  /**
   * Throws AgentUnavailableError (nothing sent) unless the agent answers a health probe
   * within the probe deadline. Services call it before their own side effects, so a
   * stopped agent costs the caller one probe deadline and leaves nothing to settle.
   */
  async assertAnswering(): Promise<void> {
    if (!(await this.liveness.probe())) {
      throw new AgentUnavailableError('The hearth agent is not answering', false);
    }
  }

  private unary<Res>(service: string, method: string, request: object, timeoutMs: number): { promise: Promise<Res>; cancel(): void } {
    const client = this.client(service) as unknown as Record<string, UnaryMethod>;
    const metadata = new grpc.Metadata();
    metadata.set(AUTH_METADATA_KEY, `Bearer ${this.token}`);
    let call: grpc.ClientUnaryCall | undefined;
    const promise = new Promise<Res>((resolve, reject) => {
      call = client[method].call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (err, res) =>
        err ? reject(fromGrpc(err)) : resolve(res as Res),
      ) as unknown as grpc.ClientUnaryCall;
    });
    return { promise, cancel: () => call?.cancel() };
  }

  close(): void {
    this.liveness.close();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
