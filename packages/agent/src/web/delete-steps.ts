import type { AccountSpec, Step } from '../operations/step';
import { accountWeb } from './account-web';
import { removeVhost } from './nginx-vhost-step';
import { removePools } from './php-pool-step';
import { dropSnapshot } from './suspension-snapshot';
import type { WebParts } from './web-parts';

/*
 * Delete rolls forward (a half-deleted account cannot be restored), so these steps have
 * no undo, and their apply reloads even when the files are already gone.
 */
export const removeVhostStep: Step<AccountSpec, WebParts> = {
  name: 'web_remove_vhost',
  async apply(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    await removeVhost(spec, ctx, true);
    await dropSnapshot(accountWeb(spec, ctx), ctx);
  },
  async undo() {
    // Nothing to undo: delete only goes forward.
  },
};

export const removePoolStep: Step<AccountSpec, WebParts> = {
  name: 'web_remove_php_pool',
  apply: (spec, ctx) => removePools(spec, ctx, true),
  async undo() {
    // Nothing to undo: delete only goes forward.
  },
};
