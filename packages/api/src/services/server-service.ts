import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { LicenseService } from './license-service';
import type { AccountStatus } from '../stores/account-record';

const STATUSES: AccountStatus[] = ['provisioning', 'active', 'suspended', 'deleting'];

/** GET /server: what a billing system's "Test Connection" shows. */
export interface ServerView {
  version: string;
  license: { state: string; account_limit: number | null; writable: boolean; expires_at: string | null };
  accounts: Record<AccountStatus, number> & { total: number };
  load: { '1m': number; '5m': number; '15m': number };
  /** The filesystem holding the account homes; null when it cannot be read. */
  disk: { path: string; free_mb: number; total_mb: number } | null;
  daemons: { agent: 'up' | 'down'; database: 'up' | 'down' };
}

/** The version of the whole tree: the root package.json (dist/services → repository root). */
function rootVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

const MB = 1024 * 1024;
const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Gathers the server summary. Every probe is cheap (one grouped COUNT, statfs, loadavg and
 * the agent's health check with its 1 s deadline), so a billing system may poll it.
 */
export class ServerService {
  private readonly version = rootVersion();

  constructor(
    private readonly db: Knex,
    private readonly license: LicenseService,
    private readonly agentHealth: () => Promise<boolean>,
    private readonly homeRoot: string,
  ) {}

  async summary(): Promise<ServerView> {
    const [counts, agent, disk] = await Promise.all([
      this.accountCounts(),
      this.agentHealth().catch(() => false),
      statfs(this.homeRoot).then((s) => ({ path: this.homeRoot, free_mb: Math.floor((s.bavail * s.bsize) / MB), total_mb: Math.floor((s.blocks * s.bsize) / MB) }), () => null),
    ]);
    const lic = this.license.state();
    const payload = 'payload' in lic.status ? lic.status.payload : null;
    const [l1, l5, l15] = loadavg();
    return {
      version: this.version,
      license: { state: lic.status.state, account_limit: lic.accountLimit, writable: lic.writable, expires_at: payload?.expires_at ?? null },
      accounts: counts.accounts,
      load: { '1m': round2(l1), '5m': round2(l5), '15m': round2(l15) },
      disk,
      daemons: { agent: agent ? 'up' : 'down', database: counts.database ? 'up' : 'down' },
    };
  }

  /** Counts by status; a database outage answers zeros and database: down rather than a 500. */
  private async accountCounts(): Promise<{ accounts: ServerView['accounts']; database: boolean }> {
    const accounts = { provisioning: 0, active: 0, suspended: 0, deleting: 0, total: 0 };
    try {
      const rows = (await this.db('accounts').select('status').count({ n: '*' }).groupBy('status')) as { status: AccountStatus; n: number | string }[];
      for (const { status, n } of rows) {
        if (STATUSES.includes(status)) accounts[status] = Number(n);
        accounts.total += Number(n);
      }
      return { accounts, database: true };
    } catch {
      return { accounts, database: false };
    }
  }
}
