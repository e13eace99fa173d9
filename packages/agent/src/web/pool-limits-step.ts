import type { Step } from '../operations/step';
import { LimitsChange, previousSpec } from '../operations/limits-change';
import type { WebParts } from './web-parts';
import { phpPoolStep } from './php-pool-step';

/**
 * A package change's PHP limits (pm.max_children, memory_limit): the account's pool is
 * rendered again with them and goes through the pool step's stage → `php-fpm -t` → swap →
 * reload → probe; undo renders it with the previous limits the same way. The pool keeps
 * its PHP version (the change carries the record's).
 */
export const poolLimitsStep: Step<LimitsChange, WebParts> = {
  name: 'php_fpm_pool_limits',
  apply: (change, ctx) => phpPoolStep.apply(change, ctx),
  undo: (change, ctx) => phpPoolStep.apply(previousSpec(change), ctx),
};
