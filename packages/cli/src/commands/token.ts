import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { createDb, KnexTokenStore, SCOPES, TokenService } from '@hearth/api';
import type { Command, CliContext } from '../context';

async function withTokens<T>(ctx: CliContext, fn: (tokens: TokenService, db: Knex) => Promise<T>): Promise<T> {
  const db = createDb(ctx.apiConfig().database);
  try {
    return await fn(new TokenService(new KnexTokenStore(db)), db);
  } finally {
    await db.destroy();
  }
}

/**
 * Scopes are listed from the API's own set, so the help never drifts from what it accepts.
 * mail.manage, ftp.manage and webdisk.manage are separate (each login service its own), and
 * uapi.tokens guards the tokens that act as an account's owner.
 */
const USAGE = `usage: hearthctl token create --name NAME [--scope SCOPE]... [--expires ISO-DATE] [--reseller ID] | token list | token revoke ID
scopes: ${SCOPES.join(', ')} (default *)`;

/** hearthctl token create|list|revoke. The secret is printed once and stored only hashed. */
export const token: Command = async ([sub, ...args], ctx) => {
  if (sub === 'create') {
    const { values } = parseArgs({ args, options: { name: { type: 'string' }, scope: { type: 'string', multiple: true }, expires: { type: 'string' }, reseller: { type: 'string' } } });
    if (!values.name) {
      ctx.err(USAGE);
      return 2;
    }
    const expires = values.expires ? new Date(values.expires) : null;
    if (expires && Number.isNaN(expires.getTime())) {
      ctx.err('--expires must be an ISO-8601 date');
      return 2;
    }
    // --reseller: the token acts for that reseller only (its customers and their accounts).
    if (values.reseller !== undefined && !/^[1-9][0-9]{0,9}$/.test(values.reseller)) {
      ctx.err('--reseller must be the id of a reseller');
      return 2;
    }
    const resellerId = values.reseller === undefined ? null : Number(values.reseller);
    const created = await withTokens(ctx, async (t, db) => {
      if (resellerId !== null && !(await db('people').where({ id: resellerId, role: 'RESALE', status: 'active' }).first())) return null;
      return t.create(values.name!, values.scope ?? ['*'], expires, resellerId);
    });
    if (!created) {
      ctx.err(`no active reseller with id ${resellerId}`);
      return 1;
    }
    ctx.out(created.token);
    return 0;
  }
  if (sub === 'list') {
    const rows = await withTokens(ctx, (t) => t.list());
    for (const r of rows) {
      const state = r.revoked_at ? 'revoked' : r.expires_at && new Date(r.expires_at) < new Date() ? 'expired' : 'active';
      const owner = r.reseller_id ? `reseller:${r.reseller_id}` : 'admin';
      ctx.out(`${r.id}\t${r.name}\t${r.scopes.join(',')}\t${owner}\t${state}\t${new Date(r.created_at).toISOString()}`);
    }
    return 0;
  }
  if (sub === 'revoke' && args[0] && /^\d+$/.test(args[0])) {
    const ok = await withTokens(ctx, (t) => t.revoke(Number(args[0])));
    ctx.out(ok ? `revoked token ${args[0]}` : `no active token ${args[0]}`);
    return ok ? 0 : 1;
  }
  ctx.err(USAGE);
  return 2;
};
