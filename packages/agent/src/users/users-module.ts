import type { AgentModule, ModuleCore } from '../operations/agent-module';
import { linuxUserStep } from './linux-user-step';
import { homeStep } from './home-step';
import { lockLoginStep, unlockLoginStep } from './login-lock-step';
import { removeHomeStep, removeUserStep } from './delete-steps';

export const usersSteps = { linuxUserStep, homeStep, lockLoginStep, unlockLoginStep, removeHomeStep, removeUserStep };

/**
 * The Linux user and home of an account. It has no parts of its own (useradd and friends
 * run through the core's exec), no gRPC service (the account service drives it) and no
 * probes: "user" and "home" are the account's base, which the accounts layer reports.
 */
export function createUsersModule(_settings: ModuleCore['config'], _core: ModuleCore): AgentModule<unknown, object, typeof usersSteps> {
  return {
    name: 'users', parts: {}, steps: usersSteps, operations: [], probes: [], orphanScanners: [],
    grpc: () => null, start() {}, async close() {},
  };
}
