/** A unary RPC implementation: plain request in, plain response out, errors thrown. */
export type UnaryHandler = (request: any) => Promise<object>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One gRPC service of the contract and its handlers, as a module hands it to the server. */
export interface GrpcRegistration {
  /** Fully qualified service name, e.g. "hearth.agent.v1.AccountService". */
  service: string;
  handlers: Record<string, UnaryHandler>;
}
