import type { Logger } from '@hearth/shared';
import type { AgentConfig } from '../config';
import type { AgentServices } from '../services';

/** What the agent knows about an account when it provisions it. Already re-validated. */
export interface AccountSpec {
  username: string;
  domain: string;
  limits: {
    phpVersion: string;
    phpWorkers: number;
    phpMemoryMb: number;
    diskQuotaMb: number;
  };
}

export interface StepContext {
  readonly config: AgentConfig;
  readonly services: AgentServices;
  readonly log: Logger;
}

/**
 * One unit of an operation. Both functions must be idempotent (check before act):
 * applying twice, or undoing something that was never applied, is a no-op. The runner
 * journals each step and undoes completed steps in reverse order when a later one fails.
 */
export interface Step<I> {
  readonly name: string;
  apply(input: I, ctx: StepContext): Promise<void>;
  undo(input: I, ctx: StepContext): Promise<void>;
}
