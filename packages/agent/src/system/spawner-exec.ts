import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { Exec, ExecError, ExecOptions, ExecResult, execArgv } from './exec';
import { ForkedWorker } from './forked-worker';

interface Request { file: string; args: string[]; opts: ExecOptions }
type Reply = { result: ExecResult } | { failed: ExecResult } | { error: string };

/**
 * Exec through the spawner process (spawner-main.ts): same contract as execArgv, without the
 * agent's event loop waiting for forks. Started on the first command; if it dies, commands
 * in flight fail (their outcome is unknown, as when a command is killed) and the next
 * command starts a new one. Idle, it does not keep the agent alive.
 */
export class SpawnerExec {
  private readonly worker: ForkedWorker<Request, Reply>;
  private closed = false;

  constructor(script: string, log: Logger) {
    // Small heap: it holds a few requests at a time.
    this.worker = new ForkedWorker({ script, execArgv: ['--max-old-space-size=32', '--max-semi-space-size=1'], name: 'the spawner' }, log);
  }

  readonly exec: Exec = async (file, args, opts = {}) => {
    if (this.closed) return execArgv(file, args, opts);
    let reply: Reply;
    try {
      reply = await this.worker.request({ file, args: [...args], opts });
    } catch (e) {
      throw new ExecError(file, args, { stdout: '', stderr: (e as Error).message, code: -1 });
    }
    if ('result' in reply) return reply.result;
    if ('failed' in reply) throw new ExecError(file, args, reply.failed);
    throw new ExecError(file, args, { stdout: '', stderr: reply.error, code: -1 });
  };

  close(): void {
    this.closed = true;
    this.worker.close();
  }
}

/** The spawner when it is built (dist); the agent's own execArgv otherwise (sources under jest). */
export function createSpawnerExec(log: Logger): { exec: Exec; close(): void } {
  const script = join(__dirname, 'spawner-main.js');
  if (!existsSync(script)) return { exec: execArgv, close: () => undefined };
  return new SpawnerExec(script, log);
}
