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
  thread: number;
}

class HashPool {
  private readonly threads: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  constructor(private readonly file: string, size: number) {
    for (let i = 0; i < size; i++) this.spawn(i);
  }

  private spawn(i: number): void {
    const w = new Worker(this.file);
    w.unref(); // idle threads never keep the agent alive
    w.on('message', (m: { id: number; hash?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.hash) p?.resolve(m.hash);
      else p?.reject(new Error(m.error ?? 'hashing failed'));
    });
    w.on('error', () => undefined);
    w.on('exit', () => {
      // A thread that died takes its requests with it: fail them, start a new thread.
      for (const [id, p] of this.pending) if (p.thread === i) (this.pending.delete(id), p.reject(new Error('password hashing thread exited')));
      this.spawn(i);
    });
    this.threads[i] = w;
  }

  hash(password: string): Promise<string> {
    const id = ++this.next;
    const thread = id % this.threads.length;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      this.threads[thread].postMessage({ id, password });
    });
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
