#!/usr/bin/env node
import { createLogger } from '@hearth/shared';
import { composeApi, closeApi } from '@hearth/api';
import { CliContext, defaultContext } from './context';

const USAGE = 'usage: uapi [--output=json|jsonpretty] --user=<account> UserManager <function> [name=value ...]';

/**
 * `uapi` for root, as cPanel's: `uapi --output=jsonpretty --user=alice UserManager
 * list_users`. It reads /etc/hearth/api.json (HEARTH_API_CONFIG) like hearthctl, finds the
 * hosting account in the panel database and runs the function through the same service
 * as HTTP's /execute/…, so both print the same envelope. Exit 0 whenever an envelope is
 * printed (status 0 included, as cPanel's does); 2 for a usage error, 1 when it cannot run.
 */
export async function uapiMain(argv: string[], ctx: CliContext): Promise<number> {
  let output = 'jsonpretty';
  let user = '';
  const words: string[] = [];
  for (const a of argv) {
    const opt = /^--(output|user)=(.*)$/.exec(a);
    if (opt?.[1] === 'output') output = opt[2];
    else if (opt?.[1] === 'user') user = opt[2];
    else if (a === '--help' || a === '-h') {
      ctx.out(USAGE);
      return 0;
    } else words.push(a);
  }
  const [module, func, ...pairs] = words;
  if (!['json', 'jsonpretty'].includes(output)) {
    ctx.err(`uapi: --output=${output} is not supported (json or jsonpretty)`);
    return 2;
  }
  if (!user || !module || !func) {
    ctx.err(USAGE);
    return 2;
  }
  const args: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) {
      ctx.err(`uapi: "${p}" is not name=value`);
      return 2;
    }
    args[p.slice(0, eq)] = p.slice(eq + 1);
  }
  const deps = composeApi(ctx.apiConfig(), createLogger('uapi', 'silent'));
  try {
    const account = /^[a-z][a-z0-9]{2,31}$/.test(user) ? await deps.db('accounts').where({ username: user }).whereNot({ status: 'provisioning' }).first() : undefined;
    if (!account) {
      ctx.err(`uapi: The user “${user}” does not exist.`);
      return 1;
    }
    const envelope = await deps.uapi.execute(account, module, func, args);
    ctx.out(output === 'json' ? JSON.stringify(envelope) : JSON.stringify(envelope, null, 3));
    return 0;
  } finally {
    await closeApi(deps);
  }
}

if (require.main === module) {
  uapiMain(process.argv.slice(2), defaultContext()).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`uapi: ${e.message}\n`);
      process.exit(1);
    },
  );
}
