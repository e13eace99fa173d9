import type { AccountSpec } from './step';

/**
 * A package change as the agent journals it: the account with its new limits and the
 * limits it had (from the agent's own account record), so every step can undo to them —
 * also during start-up recovery, from the journal alone.
 */
export interface LimitsChange extends AccountSpec {
  before: AccountSpec['limits'];
}

/** The account as it was before the change: what each step's undo puts back. */
export function previousSpec(change: LimitsChange): AccountSpec {
  return { username: change.username, domain: change.domain, limits: change.before };
}
