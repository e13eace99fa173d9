import { NotFoundError, ValidationError } from '@hearth/shared';
import type { KnexAccountStore } from '../stores/knex-account-store';
import type { AccountRecord } from '../stores/account-record';
import type { Principal } from '../http/principal';
import { requireServiceScopes, servicesNamedIn } from '../http/service-scopes';
import type { SubaccountService } from './subaccount-service';
import { existingAccount } from './account-access';

type Name = { username: string; domain: string };
type Listed = { full_username: string; type: string; services?: Record<string, { enabled?: number }> };

/** `user@domain` from the path; a bare `user@` means the account's own domain. */
function nameOf(raw: unknown, a: AccountRecord): Name {
  if (typeof raw !== 'string' || raw.length > 254 || !raw.includes('@')) throw new NotFoundError('Not found');
  const at = raw.lastIndexOf('@');
  return { username: raw.slice(0, at), domain: raw.slice(at + 1) || a.domain };
}

/** A JSON body (nested `services`) as UserManager's flat name=value arguments. */
export function toArgs(body: unknown, a: AccountRecord): Record<string, string> {
  const args: Record<string, string> = { domain: a.domain };
  const put = (name: string, v: unknown): void => {
    if (typeof v === 'boolean') args[name] = v ? '1' : '0';
    else if (typeof v === 'number' && Number.isFinite(v)) args[name] = String(v);
    else if (typeof v === 'string') args[name] = v;
    else if (v === null) args[name] = '';
    else throw new ValidationError('Request is invalid', [{ field: name, message: 'must be a string, number or boolean' }]);
  };
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === 'services' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [service, settings] of Object.entries(v as Record<string, unknown>)) {
        if (!settings || typeof settings !== 'object' || Array.isArray(settings)) throw new ValidationError('Request is invalid', [{ field: `services.${service}`, message: 'must be an object' }]);
        for (const [field, value] of Object.entries(settings as Record<string, unknown>)) put(`services.${service}.${field}`, value);
      }
    } else put(k, v);
  }
  return args;
}

/**
 * Hearth's REST face of UserManager (/accounts/{id}/subaccounts, /service-accounts): JSON
 * bodies become UserManager's name=value arguments, so both faces run the very same checks
 * in the agent. A change needs the scope of every login service it touches — the ones
 * named in the request and the ones the subaccount already has (http/service-scopes.ts).
 */
export class SubaccountRestService {
  constructor(private readonly accounts: KnexAccountStore, private readonly subaccounts: SubaccountService) {}

  async list(accountId: number, flat: boolean): Promise<unknown> {
    const a = await existingAccount(this.accounts, accountId);
    return this.subaccounts.call(a, 'list_users', { flat: flat ? '1' : '0' });
  }

  async create(accountId: number, body: unknown, p: Principal): Promise<unknown> {
    const a = await existingAccount(this.accounts, accountId);
    const args = toArgs(body, a);
    await this.checkScopes(p, a, args);
    return this.subaccounts.call(a, 'create_user', args);
  }

  async get(accountId: number, rawName: unknown): Promise<unknown> {
    const a = await existingAccount(this.accounts, accountId);
    const name = nameOf(rawName, a);
    const found = await this.find(a, name);
    if (!found) throw new NotFoundError(`No subaccount ${name.username}@${name.domain}`);
    return found;
  }

  /** edit_user, or unlink_service_account: the body's arguments for the named subaccount. */
  async change(func: 'edit_user' | 'unlink_service_account', accountId: number, rawName: unknown, body: unknown, p: Principal): Promise<unknown> {
    const a = await existingAccount(this.accounts, accountId);
    const name = nameOf(rawName, a);
    const args = { ...toArgs(body, a), ...name };
    await this.checkScopes(p, a, args, name);
    return this.subaccounts.call(a, func, args);
  }

  async delete(accountId: number, rawName: unknown, p: Principal): Promise<unknown> {
    const a = await existingAccount(this.accounts, accountId);
    const name = nameOf(rawName, a);
    await this.checkScopes(p, a, {}, name);
    return this.subaccounts.call(a, 'delete_user', name);
  }

  /** merge_service_account / dismiss_merge of the services listed in the body. */
  async mergeOrDismiss(action: 'merge' | 'dismiss', accountId: number, rawName: unknown, body: unknown, p: Principal): Promise<unknown> {
    const a = await existingAccount(this.accounts, accountId);
    const services = (body as { services?: unknown } | null)?.services;
    if (!Array.isArray(services) || services.some((s) => typeof s !== 'string')) throw new ValidationError('Request is invalid', [{ field: 'services', message: 'must be a list of email, ftp, webdisk' }]);
    const name = nameOf(rawName, a);
    await this.checkScopes(p, a, {}, name, services as string[]);
    const args: Record<string, string> = { ...name };
    for (const s of services as string[]) args[`services.${s}.${action}`] = '1';
    return this.subaccounts.call(a, action === 'merge' ? 'merge_service_account' : 'dismiss_merge', args);
  }

  /** A standalone FTP or Web Disk login; its settings (homedir, perms, private) under their UserManager names. */
  async addServiceAccount(accountId: number, body: unknown, p: Principal): Promise<unknown> {
    const a = await existingAccount(this.accounts, accountId);
    const fields = { ...((body ?? {}) as Record<string, unknown>) };
    const type = fields.type;
    for (const key of ['homedir', 'perms', 'private']) {
      if (key in fields && (type === 'ftp' || type === 'webdisk')) {
        fields[`services.${type}.${key}`] = fields[key];
        delete fields[key];
      }
    }
    const args = toArgs(fields, a);
    await this.checkScopes(p, a, args);
    return this.subaccounts.call(a, 'add_service_account', args);
  }

  async deleteServiceAccount(accountId: number, type: string, rawName: unknown, p: Principal): Promise<void> {
    const a = await existingAccount(this.accounts, accountId);
    await this.checkScopes(p, a, {}, undefined, [type]);
    await this.subaccounts.call(a, 'delete_service_account', { type, ...nameOf(rawName, a) });
  }

  private async find(a: AccountRecord, name: Name): Promise<Listed | undefined> {
    const all = (await this.subaccounts.call(a, 'list_users', { flat: '0' })) as Listed[];
    return all.find((u) => u.full_username === `${name.username.toLowerCase()}@${name.domain}` && (u.type === 'sub' || u.type === 'hypothetical'));
  }

  /** Scopes of the services named in the arguments and of those the subaccount already has. */
  private async checkScopes(p: Principal, a: AccountRecord, args: Record<string, string>, name?: Name, extra: string[] = []): Promise<void> {
    const services = new Set<string>([...servicesNamedIn(args), ...extra]);
    if (name) {
      const found = await this.find(a, name);
      for (const [s, v] of Object.entries(found?.services ?? {})) if (v?.enabled === 1) services.add(s);
    }
    requireServiceScopes(p, services);
  }
}
