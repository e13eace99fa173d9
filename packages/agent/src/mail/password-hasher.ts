import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sha512Crypt } from './sha512-crypt';

/**
 * SHA-512 crypt at Hearth's rounds costs tens of milliseconds of CPU per password. Hashed on
 * the event loop, twenty mailboxes created at once would stall the agent for seconds, and the
 * API (which asks the agent's health service before and during every long call) would answer
 * 503 for a healthy agent. So passwords are hashed in a small pool of worker threads.
 */
interface Pending {
  resolve(hash: string): void;
  reject(e: Error): void;
  worker: Worker;
}

/**
 * Each thread is a V8 isolate of its own: two of them held about 38 MB of the agent's
 * resident memory for the rest of its life after the first mailbox was made. Mailboxes
 * are made now and then, so the threads start on demand and end once nothing has been
 * hashed for IDLE_MS (starting one again costs a few tens of milliseconds).
 */
const IDLE_MS = 10_000;

export class HashPool {
  private readonly threads: (Worker | null)[];
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly file: string, size: number, private readonly idleMs = IDLE_MS) {
    this.threads = Array.from({ length: size }, () => null);
  }

  private spawn(i: number): Worker {
    const w = new Worker(this.file);
    w.unref(); // idle threads never keep the agent alive
    w.on('message', (m: { id: number; hash?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.hash) p?.resolve(m.hash);
      else p?.reject(new Error(m.error ?? 'hashing failed'));
      this.idleSoon();
    });
    w.on('error', () => undefined);
    w.on('exit', () => {
      // Ended when idle, or died: a thread that died takes its requests with it (fail them);
      // the next hash starts a new one.
      if (this.threads[i] === w) this.threads[i] = null;
      for (const [id, p] of this.pending) if (p.worker === w) (this.pending.delete(id), p.reject(new Error('password hashing thread exited')));
    });
    this.threads[i] = w;
    return w;
  }

  private idleSoon(): void {
    if (this.pending.size > 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.pending.size > 0) return;
      // Out of the pool before it ends: a hash asked for meanwhile starts a new thread.
      this.threads.forEach((w, i) => {
        this.threads[i] = null;
        void w?.terminate();
      });
    }, this.idleMs);
    this.idleTimer.unref();
  }

  hash(password: string): Promise<string> {
    const id = ++this.next;
    const thread = id % this.threads.length;
    if (this.idleTimer) (clearTimeout(this.idleTimer), (this.idleTimer = null));
    const w = this.threads[thread] ?? this.spawn(thread);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w });
      w.postMessage({ id, password });
    });
  }

  /** Threads running now (for the test that they end when idle). */
  get running(): number {
    return this.threads.filter((w) => w !== null).length;
  }
}

const THREAD_FILE = join(__dirname, 'hash-thread.js');
let pool: HashPool | null = null;

/** sha512Crypt(password) with a random salt, computed off the event loop (inline where no compiled thread file exists, as in unit tests). */
export function sha512CryptAsync(password: string): Promise<string> {
  if (!existsSync(THREAD_FILE)) return Promise.resolve(sha512Crypt(password));
  pool ??= new HashPool(THREAD_FILE, 2);
  return pool.hash(password);
}

/** What Dovecot's passwd-file expects in the password field, computed off the event loop. */
export async function dovecotPasswordHashAsync(password: string): Promise<string> {
  return `{SHA512-CRYPT}${await sha512CryptAsync(password)}`;
}
