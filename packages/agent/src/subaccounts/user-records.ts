import { IdentityFile, SubaccountIdentity, dismissKey } from './identity-store';
import { SERVICE_TYPES, ServiceType } from './service-names';

/**
 * UserManager's records, computed the way cPanel computes them from what exists:
 * - a linked service account is part of its subaccount (type "sub") and never listed alone;
 * - unlinked service accounts named like a subaccount are that subaccount's merge_candidates;
 * - two or more unlinked, undismissed service accounts sharing a name with no subaccount
 *   form a hypothetical subaccount (type "hypothetical") whose merge_candidates they are;
 * - a dismissed one is listed alone and under dismissed_merge_candidates.
 * Pure functions of the inventory, so every rule is unit-tested.
 */
export interface ServiceAccount {
  type: ServiceType;
  username: string;
  domain: string;
  /** Bare crypt(3) hash: equal hashes = synchronised passwords. */
  hash: string;
  quota: number;
  homedir: string | null;
  perms: 'ro' | 'rw' | null;
  private: boolean;
}

export interface Inventory {
  owner: string;
  ownerDomain: string;
  services: ServiceAccount[];
  identities: IdentityFile;
}

export interface UserRecord {
  alternate_email: string | null;
  avatar_url: string | null;
  can_delete: 0 | 1;
  can_set_password: 0 | 1;
  can_set_quota: 0 | 1;
  dismissed: 0 | 1;
  dismissed_merge_candidates: UserRecord[];
  domain: string;
  full_username: string;
  guid: string | null;
  has_expired_invite: 0 | 1;
  has_invite: 0 | 1;
  has_siblings: 0 | 1;
  invite_expiration: number | null;
  issues: { area: string; limit?: number; message: string; service: ServiceType; type: 'error' | 'warning' | 'info'; used?: number }[];
  merge_candidates: UserRecord[];
  parent_type: 'sub' | 'hypothetical' | null;
  phone_number: string | null;
  real_name: string | null;
  services: {
    email: { enabled: 0 | 1; quota: number };
    ftp: { enabled: 0 | 1; homedir: string | null; quota: number };
    webdisk: { enabled: 0 | 1; homedir: string | null; perms: 'ro' | 'rw' | null; private: 0 | 1 };
  };
  special: 0 | 1;
  sub_account_exists: 0 | 1 | null;
  synced_password: 0 | 1 | null;
  type: 'sub' | 'hypothetical' | 'service' | 'cpanel';
  username: string;
}

export const full = (s: { username: string; domain: string }): string => `${s.username}@${s.domain}`;

function emptyServices(): UserRecord['services'] {
  return {
    email: { enabled: 0, quota: 0 },
    ftp: { enabled: 0, homedir: null, quota: 0 },
    webdisk: { enabled: 0, homedir: null, perms: null, private: 0 },
  };
}

function base(type: UserRecord['type'], username: string, domain: string): UserRecord {
  return {
    alternate_email: null, avatar_url: null, can_delete: 1, can_set_password: 1, can_set_quota: 1, dismissed: 0,
    dismissed_merge_candidates: [], domain, full_username: `${username}@${domain}`, guid: null, has_expired_invite: 0,
    has_invite: 0, has_siblings: 0, invite_expiration: null, issues: [], merge_candidates: [], parent_type: null,
    phone_number: null, real_name: null, services: emptyServices(), special: 0, sub_account_exists: null,
    synced_password: null, type, username,
  };
}

function addService(services: UserRecord['services'], s: ServiceAccount): void {
  if (s.type === 'email') services.email = { enabled: 1, quota: s.quota };
  if (s.type === 'ftp') services.ftp = { enabled: 1, homedir: s.homedir ?? '', quota: s.quota };
  if (s.type === 'webdisk') services.webdisk = { enabled: 1, homedir: s.homedir ?? '', perms: s.perms ?? 'rw', private: s.private ? 1 : 0 };
}

const typeOrder = (t: ServiceType): number => SERVICE_TYPES.indexOf(t);

export function subOf(inv: Inventory, name: string): SubaccountIdentity | null {
  return inv.identities.subaccounts.find((s) => full(s) === name) ?? null;
}

export function isLinked(inv: Inventory, s: ServiceAccount): boolean {
  return subOf(inv, full(s))?.services.includes(s.type) ?? false;
}

export function isDismissed(inv: Inventory, s: ServiceAccount): boolean {
  return inv.identities.dismissed.includes(dismissKey(s.type, full(s)));
}

/** The service accounts linked to a subaccount, in email, ftp, webdisk order. */
export function linkedServices(inv: Inventory, sub: SubaccountIdentity): ServiceAccount[] {
  return inv.services.filter((s) => full(s) === full(sub) && sub.services.includes(s.type)).sort((a, b) => typeOrder(a.type) - typeOrder(b.type));
}

/** Unlinked service accounts with this name (candidates, dismissed or not). */
export function unlinkedNamed(inv: Inventory, name: string): ServiceAccount[] {
  return inv.services.filter((s) => full(s) === name && !isLinked(inv, s)).sort((a, b) => typeOrder(a.type) - typeOrder(b.type));
}

function hypotheticalNames(inv: Inventory): Set<string> {
  const counts = new Map<string, number>();
  for (const s of inv.services) {
    if (isLinked(inv, s) || isDismissed(inv, s) || subOf(inv, full(s))) continue;
    counts.set(full(s), (counts.get(full(s)) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= 2).map(([name]) => name));
}

export function serviceRecord(inv: Inventory, s: ServiceAccount): UserRecord {
  const r = base('service', s.username, s.domain);
  addService(r.services, s);
  const name = full(s);
  const sub = subOf(inv, name);
  const dismissed = isDismissed(inv, s);
  r.can_set_quota = s.type === 'webdisk' ? 0 : 1;
  r.dismissed = dismissed ? 1 : 0;
  r.sub_account_exists = sub ? 1 : 0;
  r.has_siblings = unlinkedNamed(inv, name).some((o) => o.type !== s.type) ? 1 : 0;
  if (sub && (sub.services.includes(s.type) || !dismissed)) r.parent_type = 'sub';
  else if (hypotheticalNames(inv).has(name) && !dismissed) r.parent_type = 'hypothetical';
  return r;
}

export function subRecord(inv: Inventory, sub: SubaccountIdentity): UserRecord {
  const r = base('sub', sub.username, sub.domain);
  const linked = linkedServices(inv, sub);
  for (const s of linked) addService(r.services, s);
  r.guid = sub.guid;
  r.alternate_email = sub.alternate_email;
  r.real_name = sub.real_name;
  r.phone_number = sub.phone_number;
  r.avatar_url = sub.avatar_url;
  r.synced_password = linked.length > 0 && linked.every((s) => s.hash === linked[0].hash) ? 1 : 0;
  const others = unlinkedNamed(inv, full(sub));
  r.merge_candidates = others.filter((s) => !isDismissed(inv, s)).map((s) => serviceRecord(inv, s));
  r.dismissed_merge_candidates = others.filter((s) => isDismissed(inv, s)).map((s) => serviceRecord(inv, s));
  return r;
}

export function hypotheticalRecord(inv: Inventory, name: string): UserRecord | null {
  const others = unlinkedNamed(inv, name);
  const candidates = others.filter((s) => !isDismissed(inv, s));
  if (subOf(inv, name) || candidates.length < 2) return null;
  const r = base('hypothetical', candidates[0].username, candidates[0].domain);
  for (const s of candidates) addService(r.services, s);
  r.can_delete = 0;
  r.can_set_password = 0;
  r.can_set_quota = 0;
  r.merge_candidates = candidates.map((s) => serviceRecord(inv, s));
  r.dismissed_merge_candidates = others.filter((s) => isDismissed(inv, s)).map((s) => serviceRecord(inv, s));
  return r;
}

/** The hosting account itself, first in every list (cPanel's "cpanel" record). */
export function ownerRecord(inv: Inventory): UserRecord {
  const r = base('cpanel', inv.owner, inv.ownerDomain);
  r.full_username = inv.owner;
  r.special = 1;
  r.can_delete = 0;
  r.can_set_password = 0;
  r.can_set_quota = 0;
  r.services.email = { enabled: 1, quota: 0 };
  r.services.ftp = { enabled: 1, homedir: '', quota: 0 };
  return r;
}

const ORDER: Record<UserRecord['type'], number> = { cpanel: 0, sub: 1, hypothetical: 2, service: 3 };

function sortRecords(records: UserRecord[]): UserRecord[] {
  const serviceType = (r: UserRecord): number => (r.type !== 'service' ? -1 : SERVICE_TYPES.findIndex((t) => r.services[t].enabled === 1));
  return records.sort((a, b) =>
    ORDER[a.type] === 0 ? -1 : ORDER[b.type] === 0 ? 1
      : a.full_username.localeCompare(b.full_username) || ORDER[a.type] - ORDER[b.type] || serviceType(a) - serviceType(b));
}

/**
 * list_users. flat=0: unlinked service accounts that are merge candidates appear only
 * inside their subaccount's or hypothetical subaccount's merge_candidates. flat=1: they
 * are listed on their own and no record nests them.
 */
export function listUsers(inv: Inventory, flat: boolean): UserRecord[] {
  const records: UserRecord[] = [ownerRecord(inv)];
  for (const sub of inv.identities.subaccounts) records.push(subRecord(inv, sub));
  for (const name of hypotheticalNames(inv)) records.push(hypotheticalRecord(inv, name)!);
  for (const s of inv.services) {
    if (isLinked(inv, s)) continue;
    const r = serviceRecord(inv, s);
    if (flat || r.parent_type === null) records.push(r);
  }
  if (flat) for (const r of records) r.merge_candidates = [];
  return sortRecords(records);
}

/**
 * What remains under a name, as delete_user answers it: null when nothing, the service
 * account when exactly one, a hypothetical subaccount when two or more.
 */
export function remainingUnder(inv: Inventory, name: string): UserRecord | null {
  const left = unlinkedNamed(inv, name);
  if (left.length === 0) return null;
  if (left.length === 1) return serviceRecord(inv, left[0]);
  const hypothetical = hypotheticalRecord(inv, name);
  if (hypothetical) return hypothetical;
  // Two or more, some dismissed: still one hypothetical identity made of all of them.
  const r = base('hypothetical', left[0].username, left[0].domain);
  for (const s of left) addService(r.services, s);
  r.can_delete = 0;
  r.can_set_password = 0;
  r.can_set_quota = 0;
  r.merge_candidates = left.map((s) => serviceRecord(inv, s));
  return r;
}
