import type { Step } from '../operations/step';
import type { LimitsChange } from '../operations/limits-change';
import { applyKernelQuota } from './kernel-quota';

/** A package change's disk quota on the home filesystem (a no-op where the host has no kernel quotas). */
export const diskQuotaStep: Step<LimitsChange> = {
  name: 'disk_quota',
  async apply(change, ctx) {
    if (change.limits.diskQuotaMb === change.before.diskQuotaMb) return;
    await applyKernelQuota(ctx.parts.exec, ctx.config.homeRoot, change.username, change.limits.diskQuotaMb);
  },
  async undo(change, ctx) {
    if (change.limits.diskQuotaMb === change.before.diskQuotaMb) return;
    await applyKernelQuota(ctx.parts.exec, ctx.config.homeRoot, change.username, change.before.diskQuotaMb);
  },
};
