import type { AccountDomainEntry } from '../operations/account-record';
import { readAccountRecord } from '../operations/account-record';
import type { AccountSpec, Step } from '../operations/step';

/**
 * A whole-account step (suspend, unsuspend, delete) applied to each of the account's
 * added domains that `which` selects, by the agent's record: the very steps the primary
 * domain goes through, with the added domain's name. Each inner step is idempotent, so a
 * retried or recovered operation may run the loop again.
 */
export function forEachAddedDomain<P>(step: Step<AccountSpec, P>, which: (d: AccountDomainEntry) => boolean = () => true): Step<AccountSpec, P> {
  const domainsOf = async (spec: AccountSpec, ctx: Parameters<Step<AccountSpec, P>['apply']>[1]) =>
    ((await readAccountRecord(ctx, spec.username))?.domains ?? []).filter(which);
  return {
    name: `domains_${step.name}`,
    async apply(spec, ctx) {
      for (const d of await domainsOf(spec, ctx)) await step.apply({ ...spec, domain: d.domain }, ctx);
    },
    async undo(spec, ctx) {
      for (const d of (await domainsOf(spec, ctx)).reverse()) await step.undo({ ...spec, domain: d.domain }, ctx);
    },
  };
}

export const withZone = (d: AccountDomainEntry): boolean => d.hasZone;
export const withMail = (d: AccountDomainEntry): boolean => d.hasMail;
