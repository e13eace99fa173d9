import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from '@hearth/shared';
import { composeApi, closeApi } from '@hearth/api';
import { loadAgentConfig } from '@hearth/agent';
import type { Command } from '../context';
import { loadStatusConfig } from './status-config';
import { CheckResult, processChecks, readinessChecks, runChecks } from './status-checks';

function row(r: CheckResult): string {
  const state = r.state === 'down' ? 'DOWN' : r.state;
  const ms = r.state === 'off' ? '' : ` (${r.ms} ms)`;
  return `  ${r.name.padEnd(16)} ${state.padEnd(5)} ${r.detail}${ms}`;
}

/**
 * hearthctl status: one screen of what runs (systemd units, or pid files without systemd),
 * the readiness of the panel and of every daemon it drives, the license and the account
 * counts. Exit 1, naming what is down, when anything is.
 */
export const status: Command = async (args, ctx) => {
  parseArgs({ args, options: {} });
  const api = ctx.apiConfig();
  const agent = loadAgentConfig(process.env.HEARTH_AGENT_CONFIG ?? '/etc/hearth/agent.json');
  const cfg = loadStatusConfig(process.env.HEARTH_STATUS_CONFIG ?? '/etc/hearth/status.json');
  const deps = composeApi(api, createLogger('hearthctl', 'silent'));
  try {
    const [processes, ready] = await Promise.all([
      runChecks(processChecks(cfg), cfg.timeoutMs),
      runChecks(readinessChecks(api, agent, cfg, deps), cfg.timeoutMs),
    ]);
    ctx.out(`Hearth status ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`);
    ctx.out(existsSync('/run/systemd/system') ? 'What runs (systemd units)' : 'What runs (pid files)');
    for (const r of processes) ctx.out(row(r));
    ctx.out('Readiness');
    for (const r of ready) ctx.out(row(r));

    const license = deps.license.state();
    const l = license.status;
    const licenseLine = l.state === 'none'
      ? `none (free tier: up to ${license.accountLimit} accounts)`
      : l.state === 'valid' || l.state === 'expired'
        ? `${l.state} (${l.payload.max_accounts === 0 ? 'unlimited' : `up to ${l.payload.max_accounts}`} accounts, expires ${l.payload.expires_at})`
        : `${l.state}${'reason' in l && l.reason ? ` (${l.reason})` : ''}`;
    ctx.out(`License: ${licenseLine}`);
    const counts = await deps.db('accounts').select('status').count({ n: '*' }).groupBy('status')
      .then((rows) => (rows as { status: string; n: number | string }[]).map((r) => `${Number(r.n)} ${r.status}`).join(', ') || 'none')
      .catch((e: Error) => `unknown (${e.message})`);
    ctx.out(`Accounts: ${counts}`);

    const downNames = [...processes, ...ready].filter((r) => r.state === 'down').map((r) => r.name);
    if (l.state === 'expired' || l.state === 'invalid') downNames.push('license');
    ctx.out(downNames.length ? `DOWN: ${downNames.join(', ')}` : 'All up.');
    return downNames.length ? 1 : 0;
  } finally {
    await closeApi(deps);
  }
};
