import pino from 'pino';
import { ProvisioningFailedError, ValidationError } from '@hearth/shared';
import type { AgentConfig } from '../config';
import type { Journal, JournalEntry } from './journal';
import type { CrashPoints } from './fault-switch';
import { OperationDef, OperationRunner } from './operation-runner';
import type { Step, StepContext } from './step';
import { KeyedMutex } from '../system/keyed-mutex';
import { inParallel, inSequence, memberNames } from './step-groups';

/*
 * The runner as a specification, with fakes only: an in-memory "host" (a set of pieces each
 * step adds or removes), an in-memory journal that stops persisting when the "process" dies,
 * and crash points that stand in for the SIGKILL of FaultSwitch.
 */

/** The journal as the disk holds it: after a crash, later writes never happen. */
class MemoryJournal implements Journal {
  readonly entries = new Map<string, string>();
  dead = false;
  async read(id: string): Promise<JournalEntry | null> {
    const raw = this.entries.get(id);
    return raw ? (JSON.parse(raw) as JournalEntry) : null;
  }
  async write(entry: JournalEntry): Promise<void> {
    if (!this.dead) this.entries.set(entry.id, JSON.stringify(entry));
  }
}

/**
 * Dies just before step `at` of `kind`, as the agent does under FaultSwitch: from then on
 * nothing reaches the journal or the host (the runner's own clean-up never happens).
 */
function crashBefore(journal: MemoryJournal, host: Host, kind: string, at: number): CrashPoints {
  return {
    check(k, step, phase) {
      if (k === kind && step === at && phase === 'apply') {
        journal.dead = true;
        host.dead = true;
        throw new Error(`crashed before step ${at}`);
      }
    },
  };
}

const NEVER: CrashPoints = { check() {} };

type Host = { pieces: Set<string>; log: string[]; dead: boolean };

/** A well-behaved step: idempotent apply/undo of one piece of the fake host. */
function piece(name: string, host: Host): Step<{ user: string }> {
  return {
    name,
    async apply(input) {
      if (host.dead) return;
      host.log.push(`apply ${name}`);
      host.pieces.add(`${input.user}:${name}`);
    },
    async undo(input) {
      if (host.dead) return;
      host.log.push(`undo ${name}`);
      host.pieces.delete(`${input.user}:${name}`);
    },
  };
}

/** A step whose apply always fails after half-applying (it leaves its piece). */
function alwaysFailing(name: string, host: Host, error: Error = new Error('disk on fire')): Step<{ user: string }> {
  const inner = piece(name, host);
  return { ...inner, async apply(input, ctx) { await inner.apply(input, ctx); throw error; } };
}

const ctx: StepContext = {
  config: {} as AgentConfig,
  log: pino({ level: 'silent' }),
  parts: { exec: async () => ({ stdout: '', stderr: '', code: 0 }), log: pino({ level: 'silent' }), accountLocks: new KeyedMutex() },
};

function setup(recovery: OperationDef<unknown>['recovery'], steps: (host: Host) => Step<{ user: string }>[]) {
  const host: Host = { pieces: new Set(), log: [], dead: false };
  const def: OperationDef<{ user: string }> = { kind: 'make_thing', recovery, steps: steps(host) };
  return { host, def, journal: new MemoryJournal() };
}

const three = (host: Host) => [piece('a', host), piece('b', host), piece('c', host)];

describe('OperationRunner', () => {
  test('applies every step in order, records the result, and a replay changes nothing', async () => {
    const { host, def, journal } = setup('rollback', three);
    const runner = new OperationRunner(journal, ctx, NEVER);
    expect(await runner.run('op-00000001', def, { user: 'ann' }, async () => 'done')).toBe('done');
    expect(host.log).toEqual(['apply a', 'apply b', 'apply c']);
    expect((await journal.read('op-00000001'))?.state).toBe('succeeded');
    expect(await runner.run('op-00000001', def, { user: 'ann' }, async () => 'again')).toBe('done');
    expect(host.log).toEqual(['apply a', 'apply b', 'apply c']);
  });

  test('an always-failing step: every started step is undone in reverse, the error names the step, a replay repeats it', async () => {
    const { host, def, journal } = setup('rollback', (h) => [piece('a', h), piece('b', h), alwaysFailing('c', h), piece('d', h)]);
    const runner = new OperationRunner(journal, ctx, NEVER);
    const failed = runner.run('op-00000002', def, { user: 'bob' }, async () => 'never');
    await expect(failed).rejects.toBeInstanceOf(ProvisioningFailedError);
    await expect(failed).rejects.toMatchObject({ step: 'c' });
    expect(host.log).toEqual(['apply a', 'apply b', 'apply c', 'undo c', 'undo b', 'undo a']);
    expect(host.pieces.size).toBe(0);
    expect((await journal.read('op-00000002'))?.state).toBe('failed');
    await expect(runner.run('op-00000002', def, { user: 'bob' }, async () => 'never')).rejects.toMatchObject({ step: 'c' });
    expect(host.log).toHaveLength(6);
  });

  test('a request error from a step passes through unchanged (not provisioning_failed)', async () => {
    const refusal = new ValidationError('no', [{ field: 'x', message: 'is wrong' }]);
    const { def, journal } = setup('rollback', (h) => [piece('a', h), alwaysFailing('b', h, refusal)]);
    const runner = new OperationRunner(journal, ctx, NEVER);
    const refused = runner.run('op-00000003', def, { user: 'cy' }, async () => 'x');
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ code: 'validation_failed', message: 'no', details: [{ field: 'x', message: 'is wrong' }] });
  });

  test('a roll-forward operation is not undone when a step fails', async () => {
    const { host, def, journal } = setup('rollforward', (h) => [piece('a', h), alwaysFailing('b', h)]);
    const runner = new OperationRunner(journal, ctx, NEVER);
    await expect(runner.run('op-00000004', def, { user: 'di' }, async () => 'x')).rejects.toBeInstanceOf(ProvisioningFailedError);
    expect(host.log).toEqual(['apply a', 'apply b']);
  });

  test.each(['rollback', 'rollforward'] as const)('%s: a crash before any step k, then recovery, leaves the host absent or complete (one crash point per step)', async (recovery) => {
    let crashPoints = 0;
    for (let k = 0; ; k++) {
      const { host, def, journal } = setup(recovery, three);
      const dying = new OperationRunner(journal, ctx, crashBefore(journal, host, def.kind, k));
      const outcome = await dying.run(`op-crash-${k}`, def, { user: 'eve' }, async () => 'done').catch(() => 'died');
      if (!host.dead) {
        expect(outcome).toBe('done');
        expect(host.pieces.size).toBe(3);
        break;
      }
      crashPoints++;
      expect(host.pieces.size).toBe(k);
      // The restarted agent: a new runner over what the journal kept.
      const [entry] = [...journal.entries.values()].map((raw) => JSON.parse(raw) as JournalEntry);
      expect(entry.state).toBe('running');
      journal.dead = false;
      host.dead = false;
      await new OperationRunner(journal, ctx, NEVER).recover(entry, def);
      expect(host.pieces.size).toBe(recovery === 'rollback' ? 0 : 3);
      expect((await journal.read(entry.id))?.state).toBe(recovery === 'rollback' ? 'failed' : 'succeeded');
    }
    expect(crashPoints).toBe(3);
  });

  describe('groups (steps at the same time)', () => {
    const grouped = (fail: boolean) => (h: Host) => [
      piece('a', h),
      inParallel('g', [piece('b', h), fail ? alwaysFailing('c', h) : piece('c', h), inSequence('s', [piece('d', h), piece('e', h)])]),
      piece('f', h),
    ];

    test('a member failing: every member is undone, later steps never run, the error names the member', async () => {
      const { host, def, journal } = setup('rollback', grouped(true));
      const failed = new OperationRunner(journal, ctx, NEVER).run('op-group-1', def, { user: 'gus' }, async () => 'never');
      await expect(failed).rejects.toMatchObject({ step: 'c' });
      expect(host.log).toContain('apply e'); // the sequence beside the failure was let finish
      expect(host.log).not.toContain('apply f');
      expect(host.pieces.size).toBe(0);
    });

    test.each(['rollback', 'rollforward'] as const)('%s: a crash before any single step, group members included, then recovery: absent or complete', async (recovery) => {
      const leaves = setup(recovery, grouped(false)).def.steps.flatMap((s) => memberNames(s));
      expect(leaves).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      let crashPoints = 0;
      for (let k = 0; ; k++) {
        const { host, def, journal } = setup(recovery, grouped(false));
        const outcome = await new OperationRunner(journal, ctx, crashBefore(journal, host, def.kind, k)).run(`op-gcrash-${k}`, def, { user: 'hal' }, async () => 'done').catch(() => 'died');
        if (!host.dead) {
          expect(outcome).toBe('done');
          break;
        }
        crashPoints++;
        const [entry] = [...journal.entries.values()].map((raw) => JSON.parse(raw) as JournalEntry);
        journal.dead = false;
        host.dead = false;
        await new OperationRunner(journal, ctx, NEVER).recover(entry, def);
        expect(host.pieces.size).toBe(recovery === 'rollback' ? 0 : leaves.length);
      }
      expect(crashPoints).toBe(leaves.length);
    });
  });
});
