import { fork, ChildProcess } from 'node:child_process';
import type { Logger } from '@hearth/shared';

/** What a worker sends back: the request's id, and whatever the worker answers. */
export type WorkerReply<T> = T & { id: number };

export interface ForkedWorkerOptions {
  /** The built script the child runs (a `*-main.js` that answers `process.on('message')`). */
  script: string;
  /** Node flags of the child (its heap: it holds a few requests at a time). */
  execArgv: string[];
  /** How it is named in errors and logs ("the spawner"). */
  name: string;
  /**
   * Disconnect the child this long after its last answer (its script exits on 'disconnect'):
   * for work that comes in bursts, so its memory is held only while there is work.
   * Unset, it lives as long as the agent.
   */
  idleMs?: number;
}

/** The worker went away (or could not be reached) with the request in flight. */
export class WorkerLostError extends Error {}

interface Waiting<R> {
  resolve: (reply: WorkerReply<R>) => void;
  reject: (e: unknown) => void;
}

/**
 * A Node child process that answers one IPC message per request, matched by id: work kept
 * out of the agent's own process (forks of a large process, libraries the agent should not
 * hold). Started on the first request; if it dies, requests in flight fail with
 * WorkerLostError (their outcome is unknown, as when a command is killed) and the next
 * request starts a new one. Idle, it does not keep the agent alive.
 */
export class ForkedWorker<Q extends object, R extends object> {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<R>>();
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ForkedWorkerOptions, private readonly log: Logger) {}

  request(body: Q): Promise<WorkerReply<R>> {
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<WorkerReply<R>>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.busyChanged(child);
      child.send({ ...body, id }, (err) => {
        if (err) this.fail(id, `could not hand the request to ${this.options.name}: ${err.message}`);
      });
    });
  }

  /** The child's pid while it runs (tests, benchmarks). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  close(): void {
    this.clearIdle();
    this.child?.disconnect();
    this.child = null;
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(this.options.script, [], { execArgv: this.options.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    child.on('message', (reply: WorkerReply<R>) => this.settle(reply.id, (w) => w.resolve(reply)));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const lost = [...this.waiting.keys()];
      if (lost.length > 0) this.log.error({ code, signal, lost: lost.length }, `${this.options.name} ended with requests in flight`);
      for (const id of lost) this.fail(id, `${this.options.name} ended (${signal ?? code}) while the request ran`);
    });
    child.on('error', (err) => this.log.error({ err }, `${this.options.name}: error`));
    this.child = child;
    return child;
  }

  private fail(id: number, message: string): void {
    this.settle(id, (w) => w.reject(new WorkerLostError(message)));
  }

  private settle(id: number, how: (w: Waiting<R>) => void): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (this.child) this.busyChanged(this.child);
    how(w);
  }

  /** The pipe keeps the agent's event loop alive only while a request is waiting. */
  private busyChanged(child: ChildProcess): void {
    const channel = child.channel as unknown as { ref(): void; unref(): void } | undefined;
    this.clearIdle();
    if (this.waiting.size > 0) {
      child.ref();
      channel?.ref();
      return;
    }
    child.unref();
    channel?.unref();
    if (this.options.idleMs === undefined) return;
    this.idleTimer = setTimeout(() => this.close(), this.options.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
