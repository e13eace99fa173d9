import type { Socket } from 'node:net';

/** Messages between hearth-webdisk's root launcher and its unprivileged front (Node IPC). */
export type FrontToLauncher =
  | { type: 'users'; id: number; mtimeMs: number; size: number }
  | { type: 'spawn'; id: number; login: string };

export type LauncherToFront =
  | { type: 'users'; id: number; unchanged: boolean; text?: string; mtimeMs: number; size: number }
  | { type: 'spawned'; id: number; ok: boolean; error?: string };

/**
 * The front's view of the launcher: asks for the users file (only the launcher, root, may
 * read it) and for a worker's socket. Each call has a deadline, so a launcher that stops
 * answering turns into failed requests, not hung ones.
 */
export class LauncherChannel {
  private next = 0;
  private readonly waiting = new Map<number, (m: LauncherToFront, handle?: Socket) => void>();

  constructor(private readonly send: (m: FrontToLauncher) => void) {}

  receive(m: LauncherToFront, handle?: Socket): void {
    const done = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    if (done) done(m, handle);
    else handle?.destroy();
  }

  private call(m: { type: 'users'; mtimeMs: number; size: number } | { type: 'spawn'; login: string }, timeoutMs = 10_000): Promise<{ m: LauncherToFront; handle?: Socket }> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('launcher did not answer'));
      }, timeoutMs);
      this.waiting.set(id, (answer, handle) => {
        clearTimeout(timer);
        resolve({ m: answer, handle });
      });
      this.send({ ...m, id } as FrontToLauncher);
    });
  }

  async users(mtimeMs: number, size: number): Promise<Extract<LauncherToFront, { type: 'users' }>> {
    const { m } = await this.call({ type: 'users', mtimeMs, size });
    if (m.type !== 'users') throw new Error('unexpected launcher answer');
    return m;
  }

  async spawn(login: string): Promise<Socket> {
    const { m, handle } = await this.call({ type: 'spawn', login });
    if (m.type !== 'spawned' || !m.ok || !handle) {
      handle?.destroy();
      throw new Error(m.type === 'spawned' && m.error ? m.error : 'worker did not start');
    }
    return handle;
  }
}
