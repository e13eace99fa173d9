import type { Logger } from '@hearth/shared';
import type { AgentConfig } from '../config';
import type { Exec } from '../system/exec';
import type { KeyedMutex } from '../system/keyed-mutex';

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

/** The collaborators every module may use, owned by the core. */
export interface CoreParts {
  readonly exec: Exec;
  readonly log: Logger;
  /** One lock per username, shared by every module: operations on one account never interleave. */
  readonly accountLocks: KeyedMutex;
}

/**
 * What a step runs with. `P` names the long-lived collaborators ("parts") a module's steps
 * need beyond the core's, e.g. `{ web: WebDaemons }`; the composition root (compose-agent.ts)
 * builds one context holding every module's parts, so the core never names a module.
 */
export interface StepContext<P = unknown> {
  readonly config: AgentConfig;
  readonly parts: CoreParts & P;
  readonly log: Logger;
  /**
   * Called before each single (non-group) step starts, so test-mode crash injection
   * (fault-switch.ts) reaches the members of a group too. Set by the runner per operation.
   */
  readonly crashPoint?: (phase: 'apply' | 'undo') => void;
}

/**
 * One unit of an operation. Both functions must be idempotent (check before act):
 * applying twice, or undoing something that was never applied, is a no-op. The runner
 * journals each step and undoes completed steps in reverse order when a later one fails.
 */
export interface Step<I, P = unknown> {
  readonly name: string;
  apply(input: I, ctx: StepContext<P>): Promise<void>;
  undo(input: I, ctx: StepContext<P>): Promise<void>;
}
