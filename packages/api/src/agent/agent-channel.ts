import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { AUTH_METADATA_KEY, contractFiles, protoRoot, PROTO_LOADER_OPTIONS } from '@hearth/shared';
import { fromGrpc } from './from-grpc';

export interface AgentChannelOptions {
  socketPath: string;
  tokenFile: string;
  timeoutMs: number;
}

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

  constructor(private readonly opts: AgentChannelOptions) {
    // The contract plus the standard health service.
    const healthRoot = dirname(dirname(dirname(healthProtoPath)));
    const definition = protoLoader.loadSync([...contractFiles(), 'health/v1/health.proto'], {
      ...PROTO_LOADER_OPTIONS,
      includeDirs: [protoRoot(), healthRoot],
    });
    this.root = grpc.loadPackageDefinition(definition);
    this.token = readFileSync(opts.tokenFile, 'utf8').trim();
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

  /** Calls a unary RPC with the agent token and a deadline; failures become Hearth errors. */
  call<Res>(service: string, method: string, request: object, timeoutMs = this.opts.timeoutMs): Promise<Res> {
    const client = this.client(service) as unknown as Record<string, UnaryMethod>;
    const metadata = new grpc.Metadata();
    metadata.set(AUTH_METADATA_KEY, `Bearer ${this.token}`);
    return new Promise<Res>((resolve, reject) => {
      client[method].call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (err, res) =>
        err ? reject(fromGrpc(err)) : resolve(res as Res),
      );
    });
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
