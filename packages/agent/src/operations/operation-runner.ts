import { ConflictError, HearthError, ProvisioningFailedError, ValidationError, NotFoundError } from '@hearth/shared';
import type { GetOperationResponseMsg } from '@hearth/shared';
import type { Journal, JournalEntry } from './journal';
import { Step, StepContext } from './step';
import type { CrashPoints } from './fault-switch';
import { agentMetrics } from '../metrics/agent-metrics';
import { failedStepOf, isGroup } from './step-groups';

export interface OperationDef<I, P = unknown> {
  kind: string;
  steps: readonly Step<I, P>[];
  /**
   * What start-up recovery does with an operation the journal shows as incomplete:
   * creates and suspensions are rolled back; deletes are rolled forward (finished),
   * because a half-deleted account cannot be restored.
   */
  recovery: 'rollback' | 'rollforward';
}

/** Errors that describe the request, not a failed step: passed through unchanged. */
function isRequestError(e: unknown): e is HearthError {
  return e instanceof ConflictError || e instanceof ValidationError || e instanceof NotFoundError;
}

/**
 * Runs an operation's steps in order with a durable journal; on failure undoes the
 * completed steps in reverse. The outcome is recorded under the operation id, so a
 * replay returns the recorded result or error and changes nothing.
 */
export class OperationRunner<P = unknown> {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly journal: Journal,
    private readonly ctx: StepContext<P>,
    private readonly faults: CrashPoints,
  ) {}

  /** What became of an operation id (for the API's reconciliation). */
  async describeOperation(id: string): Promise<GetOperationResponseMsg> {
    const entry = await this.journal.read(id);
    if (!entry) return { operation_id: id, state: 'unknown', kind: '', error_code: '', error_message: '' };
    return { operation_id: id, state: entry.state, kind: entry.kind, error_code: entry.error?.code ?? '', error_message: entry.error?.message ?? '' };
  }

  async has(id: string): Promise<boolean> {
    return this.inFlight.has(id) || (await this.journal.read(id)) !== null;
  }

  async run<I, R>(id: string, def: OperationDef<I, P>, input: I, result: () => Promise<R>): Promise<R> {
    const running = this.inFlight.get(id);
    if (running) return running as Promise<R>;
    const promise = this.runOnce(id, def, input, result);
    this.inFlight.set(id, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async runOnce<I, R>(id: string, def: OperationDef<I, P>, input: I, result: () => Promise<R>): Promise<R> {
    const recorded = await this.journal.read(id);
    if (recorded) {
      agentMetrics.operations.inc({ kind: def.kind, outcome: 'replayed', step: '' });
      return this.replay<R>(recorded, def.kind);
    }
    const endTimer = agentMetrics.operationSeconds.startTimer({ kind: def.kind });
    const entry: JournalEntry = {
      id, kind: def.kind, state: 'running', input, steps: [], startedAt: new Date().toISOString(),
    };
    await this.journal.write(entry);
    try {
      await this.applyAll(entry, def, input);
    } catch (e) {
      // A roll-forward operation (delete, repair) is never undone: its steps are re-run instead.
      if (def.recovery === 'rollback') await this.undoAll(entry, def, input);
      const error = this.describe(e, entry);
      await this.finish(entry, 'failed', undefined, error);
      const outcome = error.code === 'provisioning_failed' ? 'failed' : 'refused';
      agentMetrics.operations.inc({ kind: def.kind, outcome, step: error.step ?? 'unknown' });
      endTimer({ outcome });
      throw this.toError(error);
    }
    const value = await result();
    await this.finish(entry, 'succeeded', value);
    agentMetrics.operations.inc({ kind: def.kind, outcome: 'succeeded', step: '' });
    const seconds = endTimer({ outcome: 'succeeded' });
    // The whole operation, journal included: with the steps' lines, where its time goes.
    this.ctx.log.debug({ op: id, kind: def.kind, ms: Math.round(seconds * 1000) }, 'succeeded');
    return value;
  }

  /**
   * The context the steps of one operation run with: crash points are numbered over the
   * single steps in the order they start, group members included (step-groups.ts).
   */
  private contextFor(kind: string): StepContext<P> {
    const next = { apply: 0, undo: 0 };
    return { ...this.ctx, crashPoint: (phase) => this.faults.check(kind, next[phase]++, phase) };
  }

  private async applyAll<I>(entry: JournalEntry, def: OperationDef<I, P>, input: I): Promise<void> {
    const ctx = this.contextFor(def.kind);
    for (const [index, step] of def.steps.entries()) {
      entry.steps.push({ name: step.name, status: 'started' });
      await this.journal.write(entry);
      if (!isGroup(step)) ctx.crashPoint?.('apply');
      const t0 = performance.now();
      await step.apply(input, ctx);
      // Per-step duration: where a slow operation spends its time (bench/README.md).
      this.ctx.log.debug({ op: entry.id, kind: def.kind, step: step.name, ms: Math.round(performance.now() - t0) }, 'applied');
      entry.steps[index].status = 'applied';
      await this.journal.write(entry);
    }
  }

  /** Undoes every step that started (a started step may have half-applied), in reverse. */
  private async undoAll<I>(entry: JournalEntry, def: OperationDef<I, P>, input: I): Promise<void> {
    const ctx = this.contextFor(def.kind);
    for (let index = entry.steps.length - 1; index >= 0; index--) {
      const record = entry.steps[index];
      if (record.status === 'undone') continue;
      const step = def.steps.find((s) => s.name === record.name);
      if (!step) continue;
      record.status = 'undoing';
      await this.journal.write(entry);
      if (!isGroup(step)) ctx.crashPoint?.('undo');
      try {
        await step.undo(input, ctx);
      } catch (e) {
        // Keep undoing the rest; the journal keeps the entry 'running' only if we crash.
        this.ctx.log.error({ op: entry.id, step: record.name, err: e }, 'undo failed');
      }
      record.status = 'undone';
      await this.journal.write(entry);
    }
  }

  /** Completes an operation the journal shows as incomplete after a crash. */
  async recover<I>(entry: JournalEntry, def: OperationDef<I, P>): Promise<void> {
    const input = entry.input as I;
    if (def.recovery === 'rollforward') {
      for (const step of def.steps) await step.apply(input, this.ctx);
      entry.steps = def.steps.map((s) => ({ name: s.name, status: 'applied' }));
      await this.finish(entry, 'succeeded', {});
      return;
    }
    await this.undoAll(entry, def, input);
    await this.finish(entry, 'failed', undefined, {
      code: 'provisioning_failed', message: 'The agent stopped during this operation; it was rolled back',
      step: entry.steps.at(-1)?.name,
    });
  }

  private async finish(entry: JournalEntry, state: 'succeeded' | 'failed', result?: unknown, error?: JournalEntry['error']): Promise<void> {
    entry.state = state;
    entry.result = result;
    entry.error = error;
    entry.finishedAt = new Date().toISOString();
    await this.journal.write(entry);
  }

  private describe(e: unknown, entry: JournalEntry): NonNullable<JournalEntry['error']> {
    // A group's failure names its member (step-groups.ts): the step an operator looks for.
    const step = failedStepOf(e) ?? entry.steps.at(-1)?.name ?? 'unknown';
    if (isRequestError(e)) return { code: e.code, message: e.message, step, details: e.details };
    // The line an operator finds with `journalctl -u hearth-agent -o json`: operation id, kind, step.
    this.ctx.log.error({ op: entry.id, kind: entry.kind, step, err: e }, 'step failed; rolled back');
    return { code: 'provisioning_failed', message: e instanceof Error ? e.message : String(e), step };
  }

  private toError(error: NonNullable<JournalEntry['error']>): HearthError {
    if (error.code === 'provisioning_failed') return new ProvisioningFailedError(error.step ?? 'unknown', error.message);
    if (error.code === 'conflict') return new ConflictError(error.message, error.details ?? []);
    if (error.code === 'not_found') return new NotFoundError(error.message);
    return new ValidationError(error.message, error.details ?? []);
  }

  private replay<R>(entry: JournalEntry, kind: string): R {
    if (entry.kind !== kind) throw new ConflictError(`Operation id ${entry.id} was used for ${entry.kind}`);
    if (entry.state === 'succeeded') return entry.result as R;
    if (entry.state === 'failed' && entry.error) throw this.toError(entry.error);
    throw new ConflictError(`Operation ${entry.id} is still running`);
  }
}
