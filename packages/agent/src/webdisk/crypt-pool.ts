import { Worker } from 'node:worker_threads';
import { join } from 'node:path';

/**
 * Password checks off the event loop: SHA-512 crypt costs milliseconds of CPU per check,
 * so it runs in a small pool of worker threads and the HTTP front keeps answering other
 * requests meanwhile. The queue is bounded: past it, checks fail at once (401) instead of
 * piling up.
 */
export class CryptPool {
  private readonly threads: Worker[] = [];
  private readonly pending = new Map<number, (ok: boolean) => void>();
  private next = 0;

  constructor(size: number, private readonly maxQueue = 256) {
    for (let i = 0; i < size; i++) this.spawn(i);
  }

  private spawn(i: number): void {
    const w = new Worker(join(__dirname, 'crypt-thread.js'));
    w.unref();
    w.on('message', (m: { id: number; ok: boolean }) => {
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m.ok);
    });
    w.on('error', () => this.spawn(i));
    this.threads[i] = w;
  }

  verify(password: string, hash: string): Promise<boolean> {
    if (this.pending.size >= this.maxQueue) return Promise.resolve(false);
    const id = ++this.next;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.threads[id % this.threads.length].postMessage({ id, password, hash });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
