import { connect, ClientHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';
import type { Logger } from '@hearth/shared';

export interface WorkerLimits {
  /** Most worker processes alive at once (one per active login). */
  maxWorkers: number;
  /** A worker with no request for this long is stopped. */
  idleMs: number;
}

interface Slot {
  signature: string;
  session: ClientHttp2Session;
  active: number;
  lastUsed: number;
  idle: NodeJS.Timeout | null;
}

export class WorkersBusy extends Error {}

/**
 * The front's side of the per-login workers: one HTTP/2 session per login over the socket
 * the launcher hands back, reused while the login is busy, closed after `idleMs` without
 * requests (the worker exits when its socket closes), and at most `maxWorkers` at once —
 * an idle one is stopped to make room, otherwise the request is refused (503). A worker
 * that dies only ends its own session; the next request starts a fresh one.
 */
export class WorkerPool {
  private readonly slots = new Map<string, Slot>();
  private readonly starting = new Map<string, Promise<Slot>>();

  constructor(private readonly spawnSocket: (login: string) => Promise<Socket>, private readonly limits: WorkerLimits, private readonly log: Logger) {}

  size(): number {
    return this.slots.size;
  }

  /** A session for `login`; `release` must be called when the request is over. */
  async acquire(login: string, signature: string): Promise<{ session: ClientHttp2Session; release(): void }> {
    let slot = this.slots.get(login);
    if (slot && (slot.signature !== signature || slot.session.closed || slot.session.destroyed)) {
      this.drop(login, slot);
      slot = undefined;
    }
    if (!slot) {
      let pending = this.starting.get(login);
      if (!pending) {
        pending = this.start(login, signature).finally(() => this.starting.delete(login));
        this.starting.set(login, pending);
      }
      slot = await pending;
    }
    const s = slot;
    s.active++;
    s.lastUsed = Date.now();
    if (s.idle) clearTimeout(s.idle);
    s.idle = null;
    let done = false;
    return {
      session: s.session,
      release: () => {
        if (done) return;
        done = true;
        s.active--;
        s.lastUsed = Date.now();
        if (s.active === 0 && !s.idle) {
          s.idle = setTimeout(() => this.drop(login, s), this.limits.idleMs);
          s.idle.unref();
        }
      },
    };
  }

  private async start(login: string, signature: string): Promise<Slot> {
    if (this.slots.size + this.starting.size >= this.limits.maxWorkers) {
      const idle = [...this.slots.entries()].filter(([, s]) => s.active === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (!idle) throw new WorkersBusy('Too many Web Disk workers');
      this.drop(idle[0], idle[1]);
    }
    const socket = await this.spawnSocket(login);
    const session = connect('http://webdisk.invalid', { createConnection: () => socket });
    const slot: Slot = { signature, session, active: 0, lastUsed: Date.now(), idle: null };
    session.on('error', (e) => this.log.warn({ err: e, login }, 'Web Disk worker session failed'));
    session.on('close', () => {
      if (this.slots.get(login) === slot) this.slots.delete(login);
      if (slot.idle) clearTimeout(slot.idle);
    });
    socket.on('error', () => session.destroy());
    this.slots.set(login, slot);
    return slot;
  }

  private drop(login: string, slot: Slot): void {
    if (this.slots.get(login) === slot) this.slots.delete(login);
    if (slot.idle) clearTimeout(slot.idle);
    // close() lets requests in flight finish; the worker exits when the socket closes.
    slot.session.close();
  }

  closeAll(): void {
    for (const [login, slot] of this.slots) {
      this.drop(login, slot);
      slot.session.destroy();
    }
  }
}
