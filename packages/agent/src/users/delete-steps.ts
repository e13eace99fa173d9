import type { AccountSpec, Step } from '../operations/step';
import { removeLinuxUser, stopUserProcesses } from './linux-user-step';
import { removeHome } from './home-step';
import { findManagedUser } from './managed-user';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/** Delete is rolled forward, never back: these steps have no meaningful undo. */
export const stopProcessesStep: Step<AccountSpec> = {
  name: 'stop_processes',
  async apply(spec, { config, services }) {
    if (await findManagedUser(config, spec.username)) await stopUserProcesses(spec.username, services.exec);
  },
  async undo() {},
};

export const removeHomeStep: Step<AccountSpec> = {
  name: 'remove_home',
  apply: (spec, ctx) => removeHome(spec.username, ctx),
  async undo() {},
};

export const removeUserStep: Step<AccountSpec> = {
  name: 'remove_user',
  async apply(spec, ctx) {
    await removeLinuxUser(spec.username, ctx);
    await fs.rm(join(ctx.config.stateDir, 'suspended', `${spec.username}.login.json`), { force: true });
  },
  async undo() {},
};
