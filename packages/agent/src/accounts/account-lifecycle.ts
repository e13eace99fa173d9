import type { ComponentProbe, OrphanScanner } from '../operations/agent-module';
import type { OperationDef } from '../operations/operation-runner';
import type { AccountSpec } from '../operations/step';
import type { LimitsChange } from '../operations/limits-change';

/**
 * The whole-account operations and what describes an account on the host, as the
 * composition root (compose-agent.ts) assembled them from the modules. The accounts layer
 * runs them; it never names a resource module's step itself.
 */
export interface AccountLifecycle<P> {
  create: OperationDef<AccountSpec, P>;
  delete: OperationDef<AccountSpec, P>;
  suspend: OperationDef<AccountSpec, P>;
  unsuspend: OperationDef<AccountSpec, P>;
  repair: OperationDef<AccountSpec, P>;
  /** A package change: the new limits applied to an existing account. */
  changeLimits: OperationDef<LimitsChange, P>;
  probes: readonly ComponentProbe<P>[];
  orphanScanners: readonly OrphanScanner<P>[];
}
