import { clientAddress } from './client-address';
import type { Request } from 'express';
import type { Logger } from '@hearth/shared';
import type { AuditService } from '../services/audit-service';

/** UserManager functions that change something (cPanel accepts them over GET too). */
const MUTATING = new Set(['create_user', 'edit_user', 'delete_user', 'merge_service_account', 'dismiss_merge', 'unlink_service_account']);

/**
 * The audit entry of a UAPI call: every change and every refused login, with the
 * hosting account as the actor. /execute has its own authentication, so it cannot use
 * the /api/v1 audit middleware, but it writes to the same append-only log.
 */
export async function auditUapi(
  audit: AuditService,
  log: Logger,
  req: Request,
  call: { module: string; func: string; account: { id: number; username: string } | null; status: number; ok: boolean },
): Promise<void> {
  const denied = call.status === 401 || call.status === 429;
  if (!denied && !MUTATING.has(call.func)) return;
  await audit.record({
    actor_type: call.account ? 'account' : 'anonymous',
    actor_id: call.account?.id ?? null,
    actor_label: (call.account?.username ?? '').slice(0, 64),
    role: null,
    scope_reseller_id: null,
    action: `UAPI ${call.module}/${call.func}`.slice(0, 128),
    target: (call.account ? `accounts/${call.account.id}` : '').slice(0, 255),
    outcome: denied ? 'denied' : call.ok ? 'success' : 'failed',
    status: call.status,
    source_ip: clientAddress(req),
  }).catch((err) => log.error({ err }, 'audit append failed'));
}
