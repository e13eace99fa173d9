import type { Step, StepContext } from './step';

/*
 * Steps that do not depend on each other (a PHP-FPM pool, an nginx vhost, a DNS zone, a mail
 * domain) need not wait for each other: each waits mostly for its own daemon's reload. A
 * group is one step to the runner and the journal; its undo undoes every member, which
 * is safe because every step's undo is a no-op for what was never applied.
 */

/** A step made of steps: `members` lets a specification list what it runs. */
export interface StepGroup<I, P> extends Step<I, P> {
  readonly members: readonly Step<I, P>[];
}

const failedMember = new WeakMap<object, string>();

/** The name of the group member whose apply threw `e`, if a group ran it. */
export function failedStepOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? failedMember.get(e) : undefined;
}

function remember(e: unknown, name: string): unknown {
  const error = typeof e === 'object' && e !== null ? e : new Error(String(e));
  // The innermost member names the failure: an outer group keeps it.
  if (!failedMember.has(error)) failedMember.set(error, name);
  return error;
}

export function isGroup<I, P>(step: Step<I, P>): step is StepGroup<I, P> {
  return 'members' in step;
}

async function timedApply<I, P>(step: Step<I, P>, input: I, ctx: StepContext<P>): Promise<void> {
  if (!isGroup(step)) ctx.crashPoint?.('apply');
  const t0 = performance.now();
  try {
    await step.apply(input, ctx);
  } catch (e) {
    throw remember(e, step.name);
  }
  ctx.log.debug({ step: step.name, ms: Math.round(performance.now() - t0) }, 'applied member');
}

async function undoMember<I, P>(step: Step<I, P>, input: I, ctx: StepContext<P>): Promise<void> {
  if (!isGroup(step)) ctx.crashPoint?.('undo');
  await step.undo(input, ctx);
}

/** Settles every promise, then throws the first rejection (no member is left running). */
async function allSettledOrThrow(promises: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Members one after another; undone in reverse. */
export function inSequence<I, P>(name: string, steps: readonly Step<I, P>[]): StepGroup<I, P> {
  return {
    name,
    members: steps,
    async apply(input, ctx) {
      for (const step of steps) await timedApply(step, input, ctx);
    },
    async undo(input, ctx) {
      // Like the runner's undo: one member failing to undo does not stop the others.
      let first: unknown = null;
      for (const step of [...steps].reverse()) await undoMember(step, input, ctx).catch((e: unknown) => { first ??= e; });
      if (first !== null) throw first;
    },
  };
}

/**
 * Members at the same time. Apply waits for every member before it reports the first
 * failure, so the runner's undo never races a member still applying.
 */
export function inParallel<I, P>(name: string, steps: readonly Step<I, P>[]): StepGroup<I, P> {
  return {
    name,
    members: steps,
    apply: (input, ctx) => allSettledOrThrow(steps.map((step) => timedApply(step, input, ctx))),
    undo: (input, ctx) => allSettledOrThrow(steps.map((step) => undoMember(step, input, ctx))),
  };
}

/** Every step a group holds, depth first (for specifications and crash-point tables). */
export function memberNames<I, P>(step: Step<I, P>): string[] {
  return isGroup(step) ? step.members.flatMap((m) => memberNames(m)) : [step.name];
}
