import { readFileSync, statSync } from 'node:fs';
import { LicenseRequiredError, LicenseStatus, verifyLicense } from '@hearth/shared';

export interface LicenseState {
  /** null = unlimited. */
  accountLimit: number | null;
  writable: boolean;
  status: LicenseStatus | { state: 'none' };
}

/**
 * Decides the plan: no license file → the Free plan's limit; a valid license → its limit;
 * a present but expired or wrongly signed license → writes blocked. The file is re-read
 * when its mtime changes, so installing a license needs no restart.
 */
export class LicenseService {
  private cache: { mtimeMs: number; status: LicenseStatus } | null = null;

  constructor(private readonly opts: { file: string; publicKey: string; freeAccountLimit: number }) {}

  state(now = new Date()): LicenseState {
    const status = this.read(now);
    if (status.state === 'none') return { accountLimit: this.opts.freeAccountLimit, writable: true, status };
    if (status.state !== 'valid') return { accountLimit: 0, writable: false, status };
    const max = status.payload.max_accounts;
    return { accountLimit: max === 0 ? null : max, writable: true, status };
  }

  assertWritable(): LicenseState {
    const state = this.state();
    if (!state.writable) {
      const why = state.status.state === 'expired' ? 'The license has expired' : 'The license is invalid';
      throw new LicenseRequiredError(`${why}; writes are blocked until a valid license is installed`);
    }
    return state;
  }

  private read(now: Date): LicenseStatus | { state: 'none' } {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.opts.file).mtimeMs;
    } catch {
      this.cache = null;
      return { state: 'none' };
    }
    if (!this.cache || this.cache.mtimeMs !== mtimeMs) {
      const status = this.opts.publicKey
        ? verifyLicense(readFileSync(this.opts.file, 'utf8'), this.opts.publicKey, now)
        : ({ state: 'invalid', reason: 'no license public key configured' } as const);
      this.cache = { mtimeMs, status };
    }
    // Expiry is re-evaluated on every call: a cached valid license can expire.
    const cached = this.cache.status;
    if (cached.state === 'valid' && Date.parse(cached.payload.expires_at) <= now.getTime()) return { state: 'expired', payload: cached.payload };
    return cached;
  }
}
