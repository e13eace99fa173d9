import type { Knex } from 'knex';

export interface AuditEntry {
  /** 'account': a hosting account's owner through cPanel's UAPI (/execute). */
  actor_type: 'person' | 'token' | 'account' | 'anonymous';
  actor_id: number | null;
  actor_label: string;
  role: string | null;
  scope_reseller_id: number | null;
  action: string;
  target: string;
  outcome: 'success' | 'denied' | 'failed';
  status: number;
  source_ip: string;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: Date;
}

export interface AuditFilter {
  resellerId?: number;
  actorType?: string;
  actorId?: number;
  action?: string;
  target?: string;
  outcome?: string;
  since?: Date;
  until?: Date;
}

/**
 * The append-only audit log in `<panel db>_audit`. This class has no update or delete
 * on purpose, and the database user could not run them anyway (SELECT, INSERT only).
 */
export class KnexAuditStore {
  constructor(private readonly db: Knex, private readonly database: string) {}

  private table(): Knex.QueryBuilder {
    return this.db.withSchema(this.database).table('audit_log');
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.table().insert(entry);
  }

  async list(f: AuditFilter, offset: number, limit: number): Promise<{ rows: AuditRecord[]; total: number }> {
    const q = (): Knex.QueryBuilder => {
      const b = this.table();
      if (f.resellerId !== undefined) b.where({ scope_reseller_id: f.resellerId });
      if (f.actorType) b.where({ actor_type: f.actorType });
      if (f.actorId !== undefined) b.where({ actor_id: f.actorId });
      if (f.action) b.where({ action: f.action });
      if (f.target) b.where({ target: f.target });
      if (f.outcome) b.where({ outcome: f.outcome });
      if (f.since) b.where('at', '>=', f.since);
      if (f.until) b.where('at', '<', f.until);
      return b;
    };
    const rows = await q().clone().orderBy('id', 'desc').offset(offset).limit(limit);
    const [{ n }] = await q().count({ n: '*' });
    return { rows, total: Number(n) };
  }
}
