import type { AgentModule, ModuleCore } from '../operations/agent-module';
import type { SubaccountsNeeds } from './subaccounts-parts';
import { removeServiceAccountsStep, suspendServiceAccountsStep, unsuspendServiceAccountsStep } from './account-subaccount-steps';
import { SUBACCOUNT_OPERATIONS } from './subaccount-steps';
import { subaccountsGrpc } from './subaccounts-grpc';

export const subaccountsSteps = { suspendServiceAccountsStep, unsuspendServiceAccountsStep, removeServiceAccountsStep };

/**
 * Sub-accounts (email, FTP and Web Disk logins of one person, cPanel's UserManager). No
 * parts of its own: it works through the FTP, Web Disk and mail modules' parts. No probe
 * or orphan scanner: an account without sub-accounts is complete, and their lines are
 * removed with the owner.
 */
export function createSubaccountsModule(_settings: ModuleCore['config'], _core: ModuleCore): AgentModule<SubaccountsNeeds, object, typeof subaccountsSteps> {
  return {
    name: 'subaccounts', parts: {}, steps: subaccountsSteps, operations: SUBACCOUNT_OPERATIONS, probes: [], orphanScanners: [],
    grpc: subaccountsGrpc, start() {}, async close() {},
  };
}
