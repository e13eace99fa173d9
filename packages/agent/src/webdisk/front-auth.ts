import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { LoginAttempt, LoginThrottle, RateLimitedError } from '@hearth/shared';
import { CryptPool } from './crypt-pool';
import { WebdiskEntry, parseWebdiskLine } from './webdisk-lines';

export const MAX_PASSWORD_BYTES = 1024;
/** Verified against when the login does not exist, so that case costs the same as a wrong password. */
const DUMMY_HASH = '$6$rounds=20000$hearthwebdisk$N3l/jNt0PUzraCpD4ONfxjww6zJ3C9MgKn9nrk6aGEYHF/W2hIWlp2vlIvh1e1sMvurc6lgarXbHAirYyC2Dz.';

export type AuthResult =
  | { ok: true; entry: WebdiskEntry }
  | { ok: false; status: 401 }
  | { ok: false; status: 429; retryAfterMs: number };

/**
 * Basic authentication of Web Disk requests in the unprivileged front: over-long
 * credentials are refused before any work, a recent success is remembered for a minute
 * (keyed by a hash of login, password and stored hash), and every real check is reserved
 * with the login throttle first and then runs in the crypt thread pool.
 */
export class FrontAuth {
  private entries = new Map<string, WebdiskEntry>();
  private stamp = { mtimeMs: -1, size: -1 };
  private readonly verified = new Map<string, number>();

  constructor(private readonly pool: CryptPool, private readonly throttle: LoginThrottle, private readonly fetchUsers: (mtimeMs: number, size: number) => Promise<{ unchanged: boolean; text?: string; mtimeMs: number; size: number }>, private readonly usersFile: string) {}

  /**
   * Brings the logins up to date with the users file. The front may stat the file (not read
   * it: it is root's, 0600), so the launcher is asked for its text only when it changed.
   */
  async refresh(): Promise<void> {
    const st = await fs.stat(this.usersFile).catch(() => null);
    if (st && st.mtimeMs === this.stamp.mtimeMs && st.size === this.stamp.size) return;
    const u = await this.fetchUsers(this.stamp.mtimeMs, this.stamp.size);
    if (u.unchanged) return;
    const entries = new Map<string, WebdiskEntry>();
    for (const line of (u.text ?? '').split('\n')) {
      const e = parseWebdiskLine(line);
      if (e) entries.set(`${e.username}@${e.domain}`, e);
    }
    this.entries = entries;
    this.stamp = { mtimeMs: u.mtimeMs, size: u.size };
  }

  async authenticate(req: IncomingMessage, address: string): Promise<AuthResult> {
    const header = req.headers.authorization ?? '';
    if (header.length > 4 * MAX_PASSWORD_BYTES) return { ok: false, status: 401 };
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    if (!m) return { ok: false, status: 401 };
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0 || colon > 255) return { ok: false, status: 401 };
    const login = decoded.slice(0, colon).toLowerCase();
    const password = decoded.slice(colon + 1);
    if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return { ok: false, status: 401 };
    await this.refresh();
    const entry = this.entries.get(login);
    const hash = entry?.hash ?? DUMMY_HASH;
    const key = createHash('sha256').update(`${login}\0${password}\0${hash}`).digest('hex');
    const until = this.verified.get(key);
    if (entry && entry.enabled && until && until > Date.now()) return { ok: true, entry };
    let attempt: LoginAttempt;
    try {
      attempt = await this.throttle.reserve(login, address);
    } catch (e) {
      if (e instanceof RateLimitedError) return { ok: false, status: 429, retryAfterMs: e.retryAfterSeconds * 1000 };
      throw e;
    }
    // A check that throws stays counted as a failure (the throttle counted it on admission).
    const ok = (await this.pool.verify(password, hash)) && entry !== undefined;
    if (ok) await attempt.succeeded();
    if (!ok || !entry || !entry.enabled) return { ok: false, status: 401 };
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(key, Date.now() + 60_000);
    return { ok: true, entry };
  }
}
