import { assertValid, createAjv } from '@hearth/shared';
import type { Principal } from '../http/principal';
import { ownerScope } from '../http/principal';
import type { AuditEntry, AuditFilter, AuditRecord, KnexAuditStore } from '../stores/knex-audit-store';

const ajv = createAjv();
const validateQuery = ajv.compile<{
  page?: string; per_page?: string; actor_type?: string; actor_id?: string; action?: string; target?: string;
  outcome?: string; since?: string; until?: string;
}>({
  type: 'object', additionalProperties: false,
  properties: {
    page: { type: 'string', format: 'hearth-page' },
    per_page: { type: 'string', format: 'hearth-per-page' },
    actor_type: { type: 'string', enum: ['person', 'token', 'anonymous'] },
    actor_id: { type: 'string', format: 'hearth-id' },
    action: { type: 'string', maxLength: 128 },
    target: { type: 'string', maxLength: 255 },
    outcome: { type: 'string', enum: ['success', 'denied', 'failed'] },
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
  },
});

export interface AuditView extends Omit<AuditRecord, 'at'> {
  at: string;
}

/** Appends to and reads the audit log; a reseller reads only entries of its own scope. */
export class AuditService {
  constructor(private readonly store: KnexAuditStore) {}

  record(entry: AuditEntry): Promise<void> {
    return this.store.append(entry);
  }

  async list(principal: Principal, query: unknown): Promise<{ data: AuditView[]; meta: object }> {
    const q = assertValid(validateQuery, query, 'Query');
    const scope = ownerScope(principal);
    const filter: AuditFilter = {
      actorType: q.actor_type, actorId: q.actor_id ? Number(q.actor_id) : undefined, action: q.action, target: q.target,
      outcome: q.outcome, since: q.since ? new Date(q.since) : undefined, until: q.until ? new Date(q.until) : undefined,
    };
    if (scope.kind === 'reseller') filter.resellerId = scope.resellerId;
    const page = Number(q.page ?? 1);
    const perPage = Number(q.per_page ?? 50);
    const { rows, total } = await this.store.list(filter, (page - 1) * perPage, perPage);
    return {
      data: rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() })),
      meta: { page, per_page: perPage, total, pages: Math.ceil(total / perPage) },
    };
  }
}
