import { randomUUID } from 'node:crypto';

export interface DavLock {
  token: string;
  /** Path relative to the login root, '' for the root ('a/b' form). */
  path: string;
  depth: 0 | 'infinity';
  scope: 'exclusive' | 'shared';
  /** The lockinfo's DAV:owner element as XML, '' when none was given. */
  owner: string;
  timeoutSec: number;
  expires: number;
}

export const MAX_LOCK_SECONDS = 3600;

export function within(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`);
}

/**
 * The write locks (RFC 4918 §6–7) of one login, in memory: the worker for a login lives as
 * long as its clients keep using it, and a lock is only ever a promise for its timeout,
 * so a worker that exits drops its locks as if they had all expired.
 */
export class LockTable {
  private readonly locks = new Map<string, DavLock>();

  private live(): DavLock[] {
    const now = Date.now();
    for (const [t, l] of this.locks) if (l.expires <= now) this.locks.delete(t);
    return [...this.locks.values()];
  }

  /** Locks whose scope includes `path`: on it, or depth-infinity on an ancestor. */
  covering(path: string): DavLock[] {
    return this.live().filter((l) => l.path === path || (l.depth === 'infinity' && within(path, l.path)));
  }

  /** Locks on `path` or anywhere below it. */
  inside(path: string): DavLock[] {
    return this.live().filter((l) => within(l.path, path));
  }

  byToken(token: string): DavLock | undefined {
    return this.live().find((l) => l.token === token);
  }

  /** Whether a new lock would conflict: an exclusive one with anything, a shared one with an exclusive one. */
  conflicts(path: string, depth: 0 | 'infinity', scope: 'exclusive' | 'shared'): boolean {
    const affected = depth === 'infinity' ? [...this.covering(path), ...this.inside(path)] : this.covering(path);
    return affected.some((l) => scope === 'exclusive' || l.scope === 'exclusive');
  }

  create(path: string, depth: 0 | 'infinity', scope: 'exclusive' | 'shared', owner: string, timeoutSec: number): DavLock {
    const lock: DavLock = { token: `opaquelocktoken:${randomUUID()}`, path, depth, scope, owner, timeoutSec, expires: Date.now() + timeoutSec * 1000 };
    this.locks.set(lock.token, lock);
    return lock;
  }

  refresh(lock: DavLock, timeoutSec: number): void {
    lock.timeoutSec = timeoutSec;
    lock.expires = Date.now() + timeoutSec * 1000;
  }

  remove(token: string): void {
    this.locks.delete(token);
  }

  /** Locks under a resource that was deleted or moved away go with it. */
  dropInside(path: string): void {
    for (const l of this.inside(path)) this.locks.delete(l.token);
  }
}

/** Timeout header → seconds: the first acceptable value, capped; default an hour. */
export function parseTimeout(header: string | undefined): number {
  for (const part of (header ?? '').split(',')) {
    const t = part.trim();
    if (/^infinite$/i.test(t)) return MAX_LOCK_SECONDS;
    const m = /^Second-([0-9]{1,10})$/i.exec(t);
    if (m) return Math.max(1, Math.min(MAX_LOCK_SECONDS, Number(m[1])));
  }
  return MAX_LOCK_SECONDS;
}
