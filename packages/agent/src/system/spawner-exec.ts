import { fork, ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { Exec, ExecError, ExecOptions, ExecResult, execArgv } from './exec';

type Reply = { id: number; result: ExecResult } | { id: number; failed: ExecResult } | { id: number; error: string };

interface Waiting {
  file: string;
  args: readonly string[];
  resolve: (r: ExecResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Exec through the spawner process (spawner-main.ts): same contract as execArgv, without the
 * agent's event loop waiting for forks. Started on the first command; if it dies, commands
 * in flight fail (their outcome is unknown, as when a command is killed) and the next
 * command starts a new one. Idle, it does not keep the agent alive.
 */
export class SpawnerExec {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private closed = false;

  constructor(private readonly script: string, private readonly log: Logger) {}

  readonly exec: Exec = (file, args, opts = {}) => {
    if (this.closed) return execArgv(file, args, opts);
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<ExecResult>((resolve, reject) => {
      this.waiting.set(id, { file, args, resolve, reject });
      this.refWhileBusy(child);
      const request: { id: number; file: string; args: string[]; opts: ExecOptions } = { id, file, args: [...args], opts };
      child.send(request, (err) => {
        if (err) this.settle({ id, error: `could not hand ${file} to the spawner: ${err.message}` });
      });
    });
  };

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    // Small heap: it holds a few requests at a time.
    const child = fork(this.script, [], { execArgv: ['--max-old-space-size=32', '--max-semi-space-size=1'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    child.on('message', (reply: Reply) => this.settle(reply));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const lost = [...this.waiting.keys()];
      if (lost.length > 0) this.log.error({ code, signal, lost: lost.length }, 'the spawner ended with commands in flight');
      for (const id of lost) this.settle({ id, error: `the spawner ended (${signal ?? code}) while the command ran` });
    });
    child.on('error', (err) => this.log.error({ err }, 'spawner error'));
    this.child = child;
    return child;
  }

  private settle(reply: Reply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (this.child) this.refWhileBusy(this.child);
    if ('result' in reply) w.resolve(reply.result);
    else if ('failed' in reply) w.reject(new ExecError(w.file, w.args, reply.failed));
    else w.reject(new ExecError(w.file, w.args, { stdout: '', stderr: reply.error, code: -1 }));
  }

  /** The pipe keeps the agent's event loop alive only while a command is waiting. */
  private refWhileBusy(child: ChildProcess): void {
    const channel = child.channel as unknown as { ref(): void; unref(): void } | undefined;
    if (this.waiting.size > 0) { child.ref(); channel?.ref(); } else { child.unref(); channel?.unref(); }
  }

  close(): void {
    this.closed = true;
    this.child?.disconnect();
    this.child = null;
  }
}

/** The spawner when it is built (dist); the agent's own execArgv otherwise (sources under jest). */
export function createSpawnerExec(log: Logger): { exec: Exec; close(): void } {
  const script = join(__dirname, 'spawner-main.js');
  if (!existsSync(script)) return { exec: execArgv, close: () => undefined };
  return new SpawnerExec(script, log);
}
