import { promises as fs } from 'node:fs';
import { timingSafeEqual, createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation } from 'grpc-health-check';
import { AUTH_METADATA_KEY, UnauthorizedError, contractFiles, protoRoot, PROTO_LOADER_OPTIONS, Logger } from '@hearth/shared';
import { toGrpc } from './to-grpc';
import { agentMetrics } from '../metrics/agent-metrics';
import type { GrpcRegistration, UnaryHandler } from './grpc-registration';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Compares in constant time (hashing first makes the lengths equal). */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  return timingSafeEqual(digest(presented), digest(`Bearer ${expected}`));
}

function lookupService(root: grpc.GrpcObject, name: string): grpc.ServiceDefinition {
  const found = name.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], root);
  const service = (found as { service?: grpc.ServiceDefinition } | undefined)?.service;
  if (!service) throw new Error(`service ${name} is not in the contract`);
  return service;
}

/**
 * Wraps a handler: checks the agent token, runs it, and maps thrown errors to a status.
 * grpc-js does not turn a rejected promise into a status by itself.
 */
function wrap(name: string, handler: UnaryHandler, token: string, log: Logger): grpc.handleUnaryCall<object, object> {
  const rpc = name.split('.').pop() ?? name;
  return (call, callback) => {
    const end = agentMetrics.rpcSeconds.startTimer({ rpc });
    const count = (code: grpc.status): void => {
      const labels = { rpc, code: grpc.status[code] ?? String(code) };
      agentMetrics.rpcs.inc(labels);
      end(labels);
    };
    const authorised = tokenMatches(call.metadata.get(AUTH_METADATA_KEY)[0]?.toString(), token);
    const work = authorised ? handler(call.request) : Promise.reject(new UnauthorizedError('agent token missing or wrong'));
    work.then(
      (response) => {
        count(grpc.status.OK);
        callback(null, response);
      },
      (err) => {
        const mapped = toGrpc(err);
        count(mapped.code ?? grpc.status.UNKNOWN);
        if (mapped.code === grpc.status.INTERNAL) log.error({ err, rpc: name }, 'rpc failed');
        else log.debug({ rpc: name, code: mapped.code, details: mapped.details }, 'rpc refused');
        callback(mapped as grpc.ServiceError);
      },
    );
  };
}

export interface AgentServer {
  server: grpc.Server;
  health: HealthImplementation;
  close(): Promise<void>;
}

export async function startGrpcServer(opts: {
  socketPath: string;
  socketGroupGid: number;
  token: string;
  registrations: GrpcRegistration[];
  log: Logger;
}): Promise<AgentServer> {
  const definition = protoLoader.loadSync(contractFiles(), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
  const root = grpc.loadPackageDefinition(definition);
  const server = new grpc.Server();
  for (const reg of opts.registrations) {
    const impl: grpc.UntypedServiceImplementation = {};
    for (const [method, handler] of Object.entries(reg.handlers)) impl[method] = wrap(`${reg.service}/${method}`, handler, opts.token, opts.log);
    server.addService(lookupService(root, reg.service), impl);
  }
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  addAuthenticatedHealth(server, health, opts.token);

  await fs.rm(opts.socketPath, { force: true });
  // Create the socket with no access for others, then hand it to root:hearth 0660.
  const oldMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`unix:${opts.socketPath}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())),
    );
  } finally {
    process.umask(oldMask);
  }
  await fs.chown(opts.socketPath, 0, opts.socketGroupGid);
  await fs.chmod(opts.socketPath, 0o660);
  for (const reg of opts.registrations) health.setStatus(reg.service, 'SERVING');
  health.setStatus('', 'SERVING');
  return {
    server,
    health,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/**
 * The standard grpc.health.v1.Health service (grpc-health-check), behind the same token
 * as everything else: its handlers are wrapped as it registers them.
 */
function addAuthenticatedHealth(server: grpc.Server, health: HealthImplementation, token: string): void {
  const guarded = {
    addService(service: grpc.ServiceDefinition, impl: Record<string, (call: grpc.ServerUnaryCall<object, object>, cb?: grpc.sendUnaryData<object>) => void>) {
      const wrapped: grpc.UntypedServiceImplementation = {};
      for (const [name, fn] of Object.entries(impl)) {
        wrapped[name] = ((call: grpc.ServerUnaryCall<object, object>, cb?: grpc.sendUnaryData<object>) => {
          if (tokenMatches(call.metadata.get(AUTH_METADATA_KEY)[0]?.toString(), token)) return fn(call, cb);
          const refusal = toGrpc(new UnauthorizedError('agent token missing or wrong')) as grpc.ServiceError;
          if (cb) cb(refusal);
          else (call as unknown as grpc.ServerWritableStream<object, object>).destroy(refusal);
        }) as grpc.UntypedHandleCall;
      }
      server.addService(service, wrapped);
    },
  };
  health.addToServer(guarded as unknown as grpc.Server);
}
