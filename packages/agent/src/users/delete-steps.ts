import type { AccountSpec, Step } from '../operations/step';
import { removeLinuxUser, signalUserProcesses } from './linux-user-step';
import { removeHome } from './home-step';
import { findManagedUser } from './managed-user';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/**
 * Delete is rolled forward, never back: these steps have no meaningful undo.
 *
 * First what runs is killed, once: while the vhost and the
 * PHP-FPM pool still exist a visitor (or the customer) can start new PHP workers, so
 * waiting here for "no process left" would let the customer block its own delete.
 * The definitive stop (login locked, killed until none is left) comes in remove_home,
 * after the pool and vhost are gone.
 */
export const stopProcessesStep: Step<AccountSpec> = {
  name: 'stop_processes',
  async apply(spec, { config, parts }) {
    if (await findManagedUser(config, spec.username)) await signalUserProcesses(spec.username, parts.exec);
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
