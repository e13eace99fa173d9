import type { AccountSpec, Step } from '../operations/step';
import { removeLinuxUser } from './linux-user-step';
import { removeHome } from './home-step';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/**
 * Delete is rolled forward, never back: these steps have no meaningful undo. The
 * account's processes are stopped in remove_home (crontab removed, killed until none is
 * left), after the pool and the vhost's links are gone: while they exist a visitor (or the
 * customer) can start new PHP workers, and waiting then for "no process left" would let the
 * customer block its own delete.
 */
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
