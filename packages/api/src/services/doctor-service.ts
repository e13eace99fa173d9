import { randomUUID } from 'node:crypto';
import type { AccountAgent, InventoryMsg } from '../agent/grpc-account-agent';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { KnexPackageStore } from '../stores/knex-package-store';
import type { AccountRecord } from '../stores/account-record';
import type { ReconcileService } from './reconcile-service';

export interface DoctorFinding {
  kind: 'missing' | 'orphan' | 'status' | 'domain' | 'unsettled';
  /** Username (accounts) or artifact name (orphans). */
  subject: string;
  detail: string;
  repair: () => Promise<void>;
}

/**
 * Compares the panel database with what the agent finds on the host and lists every
 * orphan and every missing piece, each with the action that repairs it.
 */
export class DoctorService {
  constructor(
    private readonly accounts: KnexAccountStore,
    private readonly packages: KnexPackageStore,
    private readonly agent: AccountAgent,
    private readonly reconcile: ReconcileService,
    /** Rows younger than this may belong to a request the API is still serving. */
    private readonly unsettledGraceSeconds = 300,
  ) {}

  async check(): Promise<DoctorFinding[]> {
    const [rows, inventory] = [await this.accounts.all(), await this.agent.inventory()];
    const findings: DoctorFinding[] = [];
    const rowNames = new Set(rows.map((r) => r.username));
    const graceStart = Date.now() - this.unsettledGraceSeconds * 1000;
    for (const row of rows) {
      const settling = (row.status === 'provisioning' || row.status === 'deleting') && new Date(row.updated_at).getTime() > graceStart;
      if (!settling) findings.push(...this.checkRow(row, inventory));
    }
    for (const host of inventory.accounts.filter((a) => !rowNames.has(a.username))) {
      findings.push({
        kind: 'orphan', subject: `account:${host.username}`, detail: `host account ${host.username} (${host.domain}) has no panel row`,
        repair: () => this.agent.removeOrphan({ operation_id: randomUUID(), kind: 'account', name: host.username }),
      });
    }
    for (const o of inventory.orphans) {
      findings.push({
        kind: 'orphan', subject: `${o.kind}:${o.name}`, detail: o.detail,
        repair: () => this.agent.removeOrphan({ operation_id: randomUUID(), kind: o.kind, name: o.name }),
      });
    }
    return findings;
  }

  private checkRow(row: AccountRecord, inventory: InventoryMsg): DoctorFinding[] {
    if (row.status === 'provisioning' || row.status === 'deleting') {
      return [{ kind: 'unsettled', subject: row.username, detail: `row is ${row.status}`, repair: async () => void (await this.reconcile.run(this.unsettledGraceSeconds)) }];
    }
    const host = inventory.accounts.find((a) => a.username === row.username);
    const missing = host ? host.expected.filter((c) => !host.present.includes(c)) : ['user', 'home'];
    const findings: DoctorFinding[] = [];
    if (host && host.domain !== row.domain) {
      findings.push({ kind: 'domain', subject: row.username, detail: `panel says ${row.domain}, host has ${host.domain}`, repair: async () => undefined });
      return findings;
    }
    if (missing.length) {
      findings.push({ kind: 'missing', subject: row.username, detail: `missing on the host: ${missing.join(', ')}`, repair: () => this.repairAccount(row) });
    } else if (host && host.suspended !== (row.status === 'suspended')) {
      const ref = { operation_id: randomUUID(), username: row.username, domain: row.domain };
      findings.push({
        kind: 'status', subject: row.username, detail: `panel says ${row.status}, host is ${host.suspended ? 'suspended' : 'active'}`,
        repair: async () => void (row.status === 'suspended' ? await this.agent.suspendAccount(ref) : await this.agent.unsuspendAccount(ref)),
      });
    }
    return findings;
  }

  private async repairAccount(row: AccountRecord): Promise<void> {
    const pkg = await this.packages.get(row.package_id);
    await this.agent.repairAccount({
      operation_id: randomUUID(), username: row.username, domain: row.domain,
      limits: { php_version: pkg?.php_versions[0] ?? '8.2', php_workers: pkg?.php_workers ?? 0, php_memory_mb: pkg?.php_memory_mb ?? 0, disk_quota_mb: pkg?.disk_quota_mb ?? 0 },
    });
  }

  /** Repairs orphans first (they may hold names), then missing pieces and states. */
  async repair(findings: DoctorFinding[]): Promise<{ fixed: number; failed: { finding: DoctorFinding; error: string }[] }> {
    const ordered = [...findings.filter((f) => f.kind === 'orphan'), ...findings.filter((f) => f.kind !== 'orphan')];
    let fixed = 0;
    const failed: { finding: DoctorFinding; error: string }[] = [];
    for (const f of ordered) {
      try {
        await f.repair();
        fixed++;
      } catch (e) {
        failed.push({ finding: f, error: (e as Error).message });
      }
    }
    return { fixed, failed };
  }
}
