import type { AccountSpec, Step, StepContext } from '../operations/step';
import { kernelQuotaMount, setquotaArgs } from './kernel-quota';
import { findManagedUser } from './managed-user';

async function setLimit(username: string, quotaMb: number, ctx: StepContext): Promise<void> {
  const mount = await kernelQuotaMount(ctx.services.exec, ctx.config.homeRoot);
  if (!mount) return;
  await ctx.services.exec('setquota', setquotaArgs(username, quotaMb, mount));
}

/**
 * The package's disk_quota_mb as the user's kernel block quota on the home filesystem,
 * when that filesystem has user quotas on (a no-op otherwise). After the user exists.
 */
export const kernelQuotaStep: Step<AccountSpec> = {
  name: 'kernel_quota',
  apply: (spec, ctx) => setLimit(spec.username, spec.limits.diskQuotaMb, ctx),
  undo: (spec, ctx) => setLimit(spec.username, 0, ctx),
};

/** Delete: the limit would otherwise stay with the uid and bind its next owner. Before userdel. */
export const clearKernelQuotaStep: Step<AccountSpec> = {
  name: 'clear_kernel_quota',
  apply: async (spec, ctx) => {
    if (await findManagedUser(ctx.config, spec.username)) await setLimit(spec.username, 0, ctx);
  },
  async undo() {},
};
