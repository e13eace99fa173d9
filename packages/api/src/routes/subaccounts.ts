import { Request, Router } from 'express';
import { NotFoundError, ValidationError } from '@hearth/shared';
import type { AppDeps } from '../app-deps';
import { requireScope } from '../http/auth';
import { principalOf } from '../http/principal';
import { requireServiceScopes, servicesNamedIn } from '../http/service-scopes';
import { idParam } from '../http/params';
import type { AccountRecord } from '../stores/account-record';
import { subaccountDeps } from '../services/subaccount-deps';
import { createUapiToken } from '../services/uapi-auth';

/**
 * Hearth's REST face of UserManager, under /accounts/{id}/… (ownership checked by
 * account-scope). Changes need the scope of every login service they touch — the ones
 * named in the request and the ones the subaccount already has (`mail.manage`,
 * `ftp.manage`, `webdisk.manage`; http/service-scopes.ts); UAPI tokens need `uapi.tokens`:
 *   GET/POST   /subaccounts                       list_users (?flat=1) / create_user
 *   GET/PATCH/DELETE /subaccounts/{user@domain}   lookup / edit_user / delete_user
 *   POST /subaccounts/{user@domain}/merge|dismiss|unlink
 *   POST /service-accounts, DELETE /service-accounts/{ftp|webdisk}/{user@domain}
 *   GET/POST /uapi-tokens, DELETE /uapi-tokens/{name}   tokens for `Authorization: cpanel`
 * Bodies are JSON with nested `services`; they become UserManager's name=value arguments,
 * so both faces run the very same checks in the agent.
 */
export function subaccountRoutes(deps: AppDeps): Router {
  const { subaccounts, uapiTokens } = subaccountDeps(deps);
  const tokensScope = requireScope('uapi.tokens');
  const r = Router();

  const account = async (raw: string | string[] | undefined): Promise<AccountRecord> => {
    const id = idParam(raw as string);
    const row = await deps.accountStore.get(id);
    if (!row || row.status === 'provisioning') throw new NotFoundError(`No account with id ${id}`);
    return row;
  };
  const nameParam = (raw: unknown, a: AccountRecord): { username: string; domain: string } => {
    if (typeof raw !== 'string' || raw.length > 254 || !raw.includes('@')) throw new NotFoundError('Not found');
    const at = raw.lastIndexOf('@');
    return { username: raw.slice(0, at), domain: raw.slice(at + 1) || a.domain };
  };
  /** The login services the subaccount (or hypothetical one) already has. */
  const existingServices = async (a: AccountRecord, name: { username: string; domain: string }): Promise<string[]> => {
    const all = (await subaccounts.call(a, 'list_users', { flat: '0' })) as { full_username: string; type: string; services?: Record<string, { enabled?: number }> }[];
    const found = all.find((u) => u.full_username === `${name.username.toLowerCase()}@${name.domain}` && (u.type === 'sub' || u.type === 'hypothetical'));
    return Object.entries(found?.services ?? {}).filter(([, v]) => v?.enabled === 1).map(([k]) => k);
  };
  /** Scopes of the services named in the arguments and of those the subaccount has. */
  const checkScopes = async (req: Request, a: AccountRecord, args: Record<string, string>, name?: { username: string; domain: string }, extra: string[] = []): Promise<void> => {
    const p = principalOf(req);
    const services = new Set<string>([...servicesNamedIn(args), ...extra]);
    if (name) for (const s of await existingServices(a, name)) services.add(s);
    requireServiceScopes(p, services);
  };

  r.get('/accounts/:id/subaccounts', async (req, res) => {
    const a = await account(req.params.id);
    res.json({ data: await subaccounts.call(a, 'list_users', { flat: req.query.flat === '1' ? '1' : '0' }) });
  });
  r.post('/accounts/:id/subaccounts', async (req, res) => {
    const a = await account(req.params.id);
    const args = toArgs(req.body, a);
    await checkScopes(req, a, args);
    res.status(201).json({ data: await subaccounts.call(a, 'create_user', args) });
  });
  r.get('/accounts/:id/subaccounts/:name', async (req, res) => {
    const a = await account(req.params.id);
    const { username, domain } = nameParam(req.params.name, a);
    const all = (await subaccounts.call(a, 'list_users', { flat: '0' })) as { full_username: string; type: string }[];
    const found = all.find((u) => u.full_username === `${username.toLowerCase()}@${domain}` && (u.type === 'sub' || u.type === 'hypothetical'));
    if (!found) throw new NotFoundError(`No subaccount ${username}@${domain}`);
    res.json({ data: found });
  });
  r.patch('/accounts/:id/subaccounts/:name', async (req, res) => {
    const a = await account(req.params.id);
    const name = nameParam(req.params.name, a);
    const args = { ...toArgs(req.body, a), ...name };
    await checkScopes(req, a, args, name);
    res.json({ data: await subaccounts.call(a, 'edit_user', args) });
  });
  r.delete('/accounts/:id/subaccounts/:name', async (req, res) => {
    const a = await account(req.params.id);
    const name = nameParam(req.params.name, a);
    await checkScopes(req, a, {}, name);
    res.json({ data: await subaccounts.call(a, 'delete_user', name) });
  });
  for (const action of ['merge', 'dismiss'] as const) {
    r.post(`/accounts/:id/subaccounts/:name/${action}`, async (req, res) => {
      const a = await account(req.params.id);
      const services = (req.body as { services?: unknown })?.services;
      if (!Array.isArray(services) || services.some((s) => typeof s !== 'string')) throw new ValidationError('Request is invalid', [{ field: 'services', message: 'must be a list of email, ftp, webdisk' }]);
      const name = nameParam(req.params.name, a);
      await checkScopes(req, a, {}, name, services as string[]);
      const args: Record<string, string> = { ...name };
      for (const s of services as string[]) args[`services.${s}.${action}`] = '1';
      const fn = action === 'merge' ? 'merge_service_account' : 'dismiss_merge';
      res.json({ data: await subaccounts.call(a, fn, args) });
    });
  }
  r.post('/accounts/:id/subaccounts/:name/unlink', async (req, res) => {
    const a = await account(req.params.id);
    const name = nameParam(req.params.name, a);
    const args = { ...toArgs(req.body, a), ...name };
    await checkScopes(req, a, args, name);
    res.json({ data: await subaccounts.call(a, 'unlink_service_account', args) });
  });

  r.post('/accounts/:id/service-accounts', async (req, res) => {
    const a = await account(req.params.id);
    const body = { ...((req.body ?? {}) as Record<string, unknown>) };
    const type = body.type;
    // The service's own settings (homedir, perms, private) under their UserManager names.
    for (const key of ['homedir', 'perms', 'private']) {
      if (key in body && (type === 'ftp' || type === 'webdisk')) {
        body[`services.${type}.${key}`] = body[key];
        delete body[key];
      }
    }
    const args = toArgs(body, a);
    await checkScopes(req, a, args);
    res.status(201).json({ data: await subaccounts.call(a, 'add_service_account', args) });
  });
  r.delete('/accounts/:id/service-accounts/:type/:name', async (req, res) => {
    const a = await account(req.params.id);
    await checkScopes(req, a, {}, undefined, [String(req.params.type)]);
    await subaccounts.call(a, 'delete_service_account', { type: String(req.params.type), ...nameParam(req.params.name, a) });
    res.status(204).end();
  });

  r.get('/accounts/:id/uapi-tokens', async (req, res) => {
    const a = await account(req.params.id);
    res.json({ data: (await uapiTokens.list(a.id)).map((t) => ({ name: t.name, created_at: new Date(t.created_at).toISOString() })) });
  });
  r.post('/accounts/:id/uapi-tokens', tokensScope, async (req, res) => {
    const a = await account(req.params.id);
    const name = (req.body as { name?: unknown })?.name;
    if (typeof name !== 'string') throw new ValidationError('Request is invalid', [{ field: 'name', message: 'is required' }]);
    res.status(201).json({ data: await createUapiToken(uapiTokens, a.id, name) });
  });
  r.delete('/accounts/:id/uapi-tokens/:name', tokensScope, async (req, res) => {
    const a = await account(req.params.id);
    if (!(await uapiTokens.revoke(a.id, String(req.params.name)))) throw new NotFoundError('No such token');
    res.status(204).end();
  });
  return r;
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
