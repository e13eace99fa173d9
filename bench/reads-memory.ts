import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Knex } from 'knex';
import { apiClient } from './api-client';
import { treeRss } from './process-memory';

/*
 * `npm run bench:reads -- --rss-accounts N` (private stack only): the API's resident memory
 * with N accounts. The API runs as its own process (`node <the unit's flags>
 * packages/api/dist/main.js`, as systemd starts it), so its RSS is its own. The N account rows are written straight into
 * the private panel database (listing them needs rows, not hosting accounts on disk), then
 * every account is listed (100 per page, the most a page holds) and read by id, three times
 * over, and the API's RSS printed before and after.
 */

const API_MAIN = join(__dirname, '..', 'packages', 'api', 'dist', 'main.js');
const API_UNIT = join(__dirname, '..', 'deploy', 'systemd', 'hearth-api.service');

/** The node flags the systemd unit starts the API with (its heap limits): measured as run. */
export function unitNodeFlags(unit = readFileSync(API_UNIT, 'utf8')): string[] {
  const exec = /^ExecStart=\S+\s+(.*)$/m.exec(unit);
  if (!exec) throw new Error(`no ExecStart in ${API_UNIT}`);
  const args = exec[1].split(/\s+/);
  return args.slice(0, args.findIndex((a) => !a.startsWith('--')));
}

/** The unit's Environment= assignments (MALLOC_ARENA_MAX). */
export function unitEnvironment(unit = readFileSync(API_UNIT, 'utf8')): Record<string, string> {
  return Object.fromEntries([...unit.matchAll(/^Environment=([A-Z_]+)=(\S*)$/gm)].map((m) => [m[1], m[2]]));
}

export async function insertAccountRows(db: Knex, n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => {
    const username = `hrm${String(i).padStart(5, '0')}`;
    const domain = `${username}.example.com`;
    return {
      username, domain, domain_reversed: `${domain.split('.').reverse().join('.')}.`, email: `owner@${domain}`,
      password_hash: 'not-a-login', package_id: 1, status: 'active', operation_id: randomUUID(),
    };
  });
  for (let i = 0; i < rows.length; i += 200) await db('accounts').insert(rows.slice(i, i + 200));
}

/** Starts the API from `config` in its own process; resolves with its URL and pid once it listens. */
async function apiProcess(config: Record<string, unknown>, dir: string): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const file = join(dir, 'api-rss.json');
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  const flags = unitNodeFlags();
  console.log(`starting the API as its own process: node ${[...flags, 'packages/api/dist/main.js'].join(' ')} (the unit's flags)`);
  const env = unitEnvironment();
  console.log(`  with the unit's environment: ${JSON.stringify(env)}`);
  const child = spawn(process.execPath, [...flags, API_MAIN, file], { env: { ...process.env, ...env, HEARTH_API_ALLOW_ROOT: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /HEARTH_API_LISTENING (\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the API exited with ${code} before listening`)));
  });
  child.stdout!.resume();
  return {
    url, pid: child.pid!,
    stop: () => new Promise((r) => {
      if (child.exitCode !== null) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
    }),
  };
}

export async function measureApiRss(opts: { db: Knex; apiConfig: Record<string, unknown>; dir: string; token: string; accounts: number }): Promise<void> {
  const existing = Number(((await opts.db('accounts').count({ n: '*' })) as { n: number }[])[0].n);
  if (existing < opts.accounts) await insertAccountRows(opts.db, opts.accounts - existing);
  const api = await apiProcess(opts.apiConfig, opts.dir);
  try {
    const request = apiClient(api.url, opts.token);
    const rss = () => treeRss([api.pid]).mb.toFixed(0);
    await request('GET', '/api/v1/accounts?per_page=1');
    console.log(`API process ${api.pid}: RSS ${rss()} MB after start-up and one request`);
    const ids: number[] = [];
    for (let pass = 1; pass <= 3; pass++) {
      let total = 0;
      for (let page = 1; ; page++) {
        const r = await request('GET', `/api/v1/accounts?per_page=100&page=${page}`);
        if (r.status !== 200) throw new Error(`listing page ${page} answered ${r.status}`);
        total = r.body.meta.total;
        if (pass === 1) for (const a of r.body.data as { id: number }[]) ids.push(a.id);
        if (page >= r.body.meta.pages) break;
      }
      // By id too, 10 at a time (the reads bench's connections).
      for (let i = 0; i < ids.length; i += 10) {
        const answers = await Promise.all(ids.slice(i, i + 10).map((id) => request('GET', `/api/v1/accounts/${id}`)));
        const bad = answers.find((a) => a.status !== 200);
        if (bad) throw new Error(`GET /accounts/{id} answered ${bad.status}`);
      }
      console.log(`pass ${pass}: listed ${total} accounts (100 a page) and read each by id: API RSS ${rss()} MB`);
    }
    console.log(`API RSS at ${opts.accounts} accounts: ${rss()} MB (goal <= 120 MB)`);
  } finally {
    await api.stop();
  }
}
