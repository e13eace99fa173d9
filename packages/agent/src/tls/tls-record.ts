import { promises as fs, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonIfExists, writeFileDurably } from '../system/durable-file';
import { safeDomain } from '../web/safe-values';
import { tlsStateDir } from './tls-paths';

export type TlsState = 'pending' | 'issued' | 'failed';

/**
 * What the agent knows about one domain's certificate, persisted in
 * {stateDir}/tls/status/{domain}.json so back-off and renewal survive a restart.
 * `state` stays `issued` while a renewal fails (the served certificate is still valid);
 * lastError then says why the renewal did not happen.
 */
export interface TlsRecord {
  username: string;
  domain: string;
  state: TlsState;
  /** Where the served certificate came from (null: none yet). */
  source: 'acme' | 'custom' | null;
  names: string[];
  serial: string;
  notBefore: string | null;
  notAfter: string | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** When the scheduler tries next (issuance, retry or renewal); null = nothing planned. */
  nextAttemptAt: string | null;
  /** Failed attempts in a row (drives the back-off). */
  failures: number;
}

export class FileTlsRecords {
  constructor(private readonly stateDir: string) {}

  private dir(): string {
    return join(tlsStateDir(this.stateDir), 'status');
  }

  private path(domain: string): string {
    return join(this.dir(), `${safeDomain(domain)}.json`);
  }

  read(domain: string): Promise<TlsRecord | null> {
    return readJsonIfExists<TlsRecord>(this.path(domain));
  }

  async write(record: TlsRecord): Promise<void> {
    mkdirSync(this.dir(), { recursive: true, mode: 0o700 });
    await writeFileDurably(this.path(record.domain), `${JSON.stringify(record, null, 2)}\n`, 0o600);
  }

  async remove(domain: string): Promise<void> {
    rmSync(this.path(domain), { force: true });
  }

  async list(): Promise<TlsRecord[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir());
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const records: TlsRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      const record = await this.read(name.slice(0, -'.json'.length)).catch(() => null);
      if (record) records.push(record);
    }
    return records;
  }
}
