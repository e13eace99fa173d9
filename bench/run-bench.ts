import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchOptions, BenchOptions } from './bench-options';
import { formatPhase, runPool, PhaseResult } from './latency';
import { apiClient, failureReason } from './api-client';
import { privateBase } from './private-base';

/*
 * Creates N accounts through the real API with C requests in flight, then deletes them,
 * and prints create/delete latency percentiles, accounts per second, and how many nginx
 * and PHP-FPM tests and reloads the agent did (from its web-reload-stats.json). Without
 * --url it starts everything privately: MariaDB, nginx, PHP-FPM, the agent and the API.
 */

type Counters = Record<string, { tests: number; reloads: number; requests: number }>;

function readCounters(file: string): Counters {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { daemons: Counters }).daemons;
  } catch {
    return {};
  }
}

function diff(after: Counters, before: Counters): string {
  const names = Object.keys(after).sort();
  if (names.length === 0) return '(no reload counters found)';
  return names
    .map((n) => {
      const a = after[n];
      const b = before[n] ?? { tests: 0, reloads: 0, requests: 0 };
      return `${n}: ${a.reloads - b.reloads} reloads, ${a.tests - b.tests} config tests for ${a.requests - b.requests} changes`;
    })
    .join('; ');
}

interface Target {
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  statsFile: string;
  serves?(domain: string): Promise<boolean>;
  newUsername(): string;
  close(): Promise<void>;
}

async function privateTarget(): Promise<Target> {
  console.log('installing what is missing, building, then starting a private MariaDB, nginx, PHP-FPM, agent and API ...');
  const { base, parts } = await privateBase('/tmp/hearth-bench-');
  const { startNginxPhp, httpGet } = await import('../test/harness/nginx-php');
  const { startStack } = await import('../test/harness/stack');
  const { testUsername, removeTestUsers } = await import('../test/harness/names');
  return parts.build(async () => {
    mkdirSync(join(base, 'web-daemons'));
    const daemons = await parts.start(startNginxPhp(join(base, 'web-daemons')));
    parts.add(async () => removeTestUsers());
    const stack = await parts.start(startStack({ agent: { web: daemons.web, logLevel: 'warn' } }));
    return {
      request: (m, p, b) => stack.request(m, p, b),
      statsFile: join(stack.root, 'state', 'web-reload-stats.json'),
      serves: async (domain) => (await httpGet(daemons.port, domain)).status === 200,
      newUsername: () => testUsername('htb'),
      close: () => parts.stopAll(),
    };
  });
}

function remoteTarget(opts: BenchOptions): Target {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // Trusts quickstart's self-signed certificate on loopback (fetch refused it: failed=200, no reason).
  const request = apiClient(opts.url!, opts.token!, opts.ca);
  return {
    request,
    statsFile: opts.statsFile ?? '/var/lib/hearth/web-reload-stats.json',
    newUsername: () => `htb${Array.from({ length: 8 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')}`,
    async close() {},
  };
}

export async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseBenchOptions(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const target = opts.url ? remoteTarget(opts) : await privateTarget();
  try {
    const names = Array.from({ length: opts.accounts }, () => target.newUsername());
    const ids: (number | null)[] = names.map(() => null);
    const errors = new Map<string, number>();
    const noteError = (status: number, body: unknown) => {
      const key = failureReason({ status, body });
      if (!errors.has(key)) console.log(`  ! ${key}`);
      errors.set(key, (errors.get(key) ?? 0) + 1);
    };

    const start = readCounters(target.statsFile);
    console.log(`creating ${opts.accounts} accounts with ${opts.concurrency} in flight ...`);
    const create = await runPool('create', opts.accounts, opts.concurrency, async (i) => {
      const domain = `${names[i]}.example.com`;
      const res = await target.request('POST', '/api/v1/accounts', {
        username: names[i], domain, email: `owner@${domain}`, password: 'bench-Passw0rd!', package_id: opts.packageId,
      });
      if (res.status !== 201) {
        noteError(res.status, res.body);
        return false;
      }
      ids[i] = res.body.data.id;
      return true;
    });
    const afterCreate = readCounters(target.statsFile);

    let served = '';
    if (target.serves) {
      const ok = await Promise.all(names.map((n, i) => (ids[i] === null ? false : target.serves!(`${n}.example.com`))));
      served = `${ok.filter(Boolean).length}/${ids.filter((id) => id !== null).length} created sites answer 200`;
    }

    let del: PhaseResult | null = null;
    if (!opts.keep) {
      const created = ids.filter((id): id is number => id !== null);
      console.log(`deleting ${created.length} accounts with ${opts.concurrency} in flight ...`);
      del = await runPool('delete', created.length, opts.concurrency, async (i) => {
        const res = await target.request('DELETE', `/api/v1/accounts/${created[i]}`);
        if (res.status !== 204) noteError(res.status, res.body);
        return res.status === 204;
      });
    }
    const end = readCounters(target.statsFile);

    console.log('');
    console.log(`accounts=${opts.accounts} concurrency=${opts.concurrency}`);
    console.log(formatPhase(create));
    if (del) console.log(formatPhase(del));
    if (served) console.log(`served: ${served}`);
    console.log(`reloads during create: ${diff(afterCreate, start)}`);
    if (del) console.log(`reloads during delete: ${diff(end, afterCreate)}`);
    if (errors.size) console.log(`errors: ${[...errors].map(([k, v]) => `${v}× ${k}`).join(', ')}`);
    return create.failures + (del?.failures ?? 0) === 0 ? 0 : 1;
  } finally {
    await target.close();
  }
}
