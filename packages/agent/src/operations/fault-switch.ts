import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface FaultPlan {
  kind: string;
  step: number;
  phase: 'apply' | 'undo';
}

/** Where the runner asks whether to crash: before each step's apply and undo. */
export interface CrashPoints {
  check(kind: string, step: number, phase: 'apply' | 'undo'): void;
}

/**
 * Test-only crash injection: when the agent runs in test mode and
 * {stateDir}/fault.json names an operation kind and a step index, the process exits
 * abruptly (as a kill -9 would leave it) just before that step. Ignored otherwise.
 */
export class FaultSwitch implements CrashPoints {
  constructor(private readonly enabled: boolean, private readonly stateDir: string) {}

  check(kind: string, step: number, phase: 'apply' | 'undo'): void {
    if (!this.enabled) return;
    const plan = this.plan();
    if (plan && plan.kind === kind && plan.step === step && (plan.phase ?? 'apply') === phase) {
      process.kill(process.pid, 'SIGKILL');
    }
  }

  private plan(): FaultPlan | null {
    const path = join(this.stateDir, 'fault.json');
    // Asked before every step of every operation: a missing file is the usual answer, and
    // a stat costs far less than a read that throws (the error's stack is built each time).
    if (!existsSync(path)) return null;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as FaultPlan;
    } catch {
      return null;
    }
  }
}
