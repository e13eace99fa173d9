import { ForbiddenError } from '@hearth/shared';
import type { Principal } from './principal';

/**
 * Each login service of a subaccount has its own scope: a token meant for mailboxes must
 * not create an FTP or Web Disk login (those upload files, PHP included, that run as the
 * customer), nor a UAPI token (which would act as the account's owner).
 */
export const SERVICE_SCOPES = { email: 'mail.manage', ftp: 'ftp.manage', webdisk: 'webdisk.manage' } as const;
export type ServiceName = keyof typeof SERVICE_SCOPES;
export const SUBACCOUNT_SCOPES: string[] = Object.values(SERVICE_SCOPES);

function holds(p: Principal, scope: string): boolean {
  return p.scopes.includes('*') || p.scopes.includes(scope);
}

/** Services a UserManager argument list touches (`services.ftp.enabled=1`, `type=webdisk`, …). */
export function servicesNamedIn(args: Record<string, string>): Set<ServiceName> {
  const named = new Set<ServiceName>();
  for (const key of Object.keys(args)) {
    const m = /^services\.(email|ftp|webdisk)\./.exec(key);
    if (m) named.add(m[1] as ServiceName);
  }
  if (args.type && args.type in SERVICE_SCOPES) named.add(args.type as ServiceName);
  return named;
}

/**
 * Requires the scope of every service in `services`; with none named (a bare identity),
 * any one subaccount scope will do. An unknown service name (the agent refuses it anyway)
 * needs all three.
 */
export function requireServiceScopes(p: Principal, services: Iterable<string>): void {
  const list = [...services];
  if (list.length === 0) {
    if (!SUBACCOUNT_SCOPES.some((s) => holds(p, s))) throw new ForbiddenError(`This token lacks the ${SUBACCOUNT_SCOPES.join(' or ')} scope`);
    return;
  }
  const needed = new Set(list.flatMap((s) => (s in SERVICE_SCOPES ? [SERVICE_SCOPES[s as ServiceName]] : SUBACCOUNT_SCOPES)));
  const missing = [...needed].filter((s) => !holds(p, s));
  if (missing.length) throw new ForbiddenError(`This token lacks the ${missing.join(', ')} scope`);
}
