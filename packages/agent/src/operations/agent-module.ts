import type { GrpcRegistration } from '../grpc/grpc-registration';
import type { OperationDef, OperationRunner } from './operation-runner';
import type { AgentConfig } from '../config';
import type { AccountSpec, CoreParts, Step, StepContext } from './step';

/**
 * A probe that tells whether one piece of an account exists on the host (used by
 * GetAccount and by `hearthctl doctor`). Each resource module contributes one per piece.
 */
export interface ComponentProbe<P = unknown> {
  (account: { username: string; domain: string }, ctx: StepContext<P>): Promise<boolean>;
  component: string;
  /** Whether a complete account has this piece with this agent's modules (default: yes). */
  expected?: (ctx: StepContext<P>, suspended: boolean) => boolean;
}

/**
 * A finder of Hearth-made artifacts that belong to no account record (a vhost left by
 * hand, a zone whose account is gone). Each resource module contributes its own.
 */
export interface OrphanScanner<P = unknown> {
  kind: string;
  scan(ctx: StepContext<P>, records: { username: string; domain: string }[]): Promise<{ name: string; detail: string }[]>;
  remove(name: string, ctx: StepContext<P>): Promise<void>;
}

/** What every module factory receives from the composition root besides its own settings. */
export interface ModuleCore {
  readonly config: AgentConfig;
  readonly parts: CoreParts;
}

/** What a module's gRPC registration is built with, once the runner exists. */
export interface ModuleRuntime<P = unknown> {
  runner: OperationRunner<P>;
  ctx: StepContext<P>;
}

/**
 * The one shape every resource module's factory (`createXModule(settings, core)` in
 * `x/x-module.ts`) returns. `Needs` are the parts its steps read from the context;
 * `Provides` are the parts it adds. The composition root (compose-agent.ts) merges every
 * module's parts into one step context, orders the steps into the account lifecycle and
 * serves the gRPC registrations.
 */
export interface AgentModule<Needs = unknown, Provides extends object = object, Steps extends Record<string, Step<AccountSpec, Needs>> = Record<string, Step<AccountSpec, Needs>>> {
  readonly name: string;
  /** The long-lived collaborators this module adds to every step's context (`ctx.parts`). */
  readonly parts: Provides;
  /** The module's account-lifecycle steps by name; the composition root orders them. */
  readonly steps: Steps;
  /** The module's own journaled operations (kinds start-up recovery must know). */
  readonly operations: readonly OperationDef<never, Needs>[];
  readonly probes: readonly ComponentProbe<Needs>[];
  readonly orphanScanners: readonly OrphanScanner<Needs>[];
  /** The module's gRPC service, or null when it has none. Built after start-up recovery. */
  grpc(runtime: ModuleRuntime<Needs>): GrpcRegistration | null;
  /**
   * After recovery, before the socket opens: brings what an earlier version left on disk up to
   * date (nothing is served meanwhile, so nothing races it). Most modules have nothing to do.
   */
  prepare?(): Promise<void>;
  /** Starts background work once recovery has finished; most modules have none. */
  start(): void;
  /** Releases what the factory opened (pools, timers). */
  close(): Promise<void>;
}
