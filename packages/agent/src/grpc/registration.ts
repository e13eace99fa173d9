import type { AgentConfig } from '../config';
import type { AgentServices } from '../services';
import type { OperationRunner } from '../operations/operation-runner';
import type { AccountOperations } from '../operations/account-operations';

/** A unary RPC implementation: plain request in, plain response out, errors thrown. */
export type UnaryHandler = (request: any) => Promise<object>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ServiceRegistration {
  /** Fully qualified service name, e.g. "hearth.agent.v1.AccountService". */
  service: string;
  handlers: Record<string, UnaryHandler>;
}

export interface AgentDeps {
  config: AgentConfig;
  services: AgentServices;
  runner: OperationRunner;
  accounts: AccountOperations;
}
