import { execFile } from 'node:child_process';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import express from 'express';
import { apiClient, ApiRequest, failureReason } from './api-client';
import { privateBase } from './private-base';

/*
 * `GET /api/v1/accounts/{id}` with a token, side by side with a bare Express 5 HTTPS
 * handler (same certificate) answering the same JSON, measured with autocannon in a
 * child process, alternating rounds. Prints both req/s and the ratio (goal >= 0.5).
 */

interface ReadsOptions { url?: string; token?: string; ca?: string; tlsDir?: string; profile?: string; rssAccounts?: number; connections: number; seconds: number; rounds: number }

const USAGE = `usage: npm run bench:reads -- [--connections 10] [--seconds 10] [--rounds 2]
                             [--profile FILE.cpuprofile]
       npm run bench:reads -- --rss-accounts 1000   (the API's RSS with that many accounts)
                             [--url URL --token TOKEN --tls-dir /etc/hearth/tls [--ca FILE]]
  without --url it starts a private MariaDB, agent and API (HTTPS, self-signed)`;

function parse(argv: string[]): ReadsOptions {
  const o: ReadsOptions = { connections: 10, seconds: 10, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return x;
    };
    const n = () => {
      const x = Number(v());
      if (!Number.isInteger(x) || x < 1) throw new Error(`${a} must be a positive integer`);
      return x;
    };
    if (a === '--url') o.url = v().replace(/\/$/, '');
    else if (a === '--token') o.token = v();
    else if (a === '--ca') o.ca = v();
    else if (a === '--tls-dir') o.tlsDir = v();
    else if (a === '--profile') o.profile = v();
    else if (a === '--connections' || a === '-c') o.connections = n();
    else if (a === '--seconds' || a === '-d') o.seconds = n();
    else if (a === '--rounds') o.rounds = n();
    else if (a === '--rss-accounts') o.rssAccounts = n();
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (o.url && o.rssAccounts) throw new Error(`--rss-accounts runs on a private stack only (it writes account rows into its database)\n${USAGE}`);
  if (o.url && (!o.token || !o.tlsDir)) throw new Error(`--url needs --token and --tls-dir (for the bare server's certificate)\n${USAGE}`);
  return o;
}

/** autocannon in its own process, so it does not share an event loop with either server. */
interface RoundResult { rps: number; non2xx: number; errors: number; p50: number; total: number; cpuUs: number }

/**
 * One autocannon round, with the CPU this process (where both servers run in the private
 * stack) spent per answered request: a figure that a loaded machine does not distort the
 * way it distorts req/s.
 */
async function measuredRound(url: string, token: string, o: ReadsOptions): Promise<RoundResult> {
  const before = process.cpuUsage();
  const r = await autocannon(url, token, o);
  const used = process.cpuUsage(before);
  return { ...r, cpuUs: r.total ? (used.user + used.system) / r.total : 0 };
}

function autocannon(url: string, token: string, o: ReadsOptions): Promise<Omit<RoundResult, 'cpuUs'>> {
  const bin = join(__dirname, '..', 'node_modules', 'autocannon', 'autocannon.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, '--json', '-c', String(o.connections), '-d', String(o.seconds), '-H', `authorization=Bearer ${token}`, url],
      { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
        if (err) return reject(err);
        const r = JSON.parse(stdout) as { requests: { average: number; total: number }; non2xx: number; errors: number; latency: { p50: number } };
        resolve({ rps: r.requests.average, non2xx: r.non2xx, errors: r.errors, p50: r.latency.p50, total: r.requests.total });
      });
  });
}

type Stack = Awaited<ReturnType<typeof import('../test/harness/stack').startStack>>;

async function privateApi(withApi = true): Promise<{ url: string; token: string; tlsDir: string; request: ApiRequest; stack: Stack; close(): Promise<void> }> {
  console.log('installing what is missing, building, then starting a private MariaDB, agent and API (HTTPS) ...');
  const { parts } = await privateBase('/tmp/hearth-reads-');
  const { startStack } = await import('../test/harness/stack');
  const { removeTestUsers } = await import('../test/harness/names');
  return parts.build(async () => {
    parts.add(async () => removeTestUsers());
    const stack = await parts.start(startStack({
      agent: { logLevel: 'warn' },
      panelDatabaseSocket: true, // as quickstart configures it
      withApi,
      api: (root) => ({ listen: { host: '127.0.0.1', port: 0, plainHttp: false, tlsDir: join(root, 'api-tls') } }),
    }));
    const url = stack.api()?.url ?? '';
    return {
      url, token: stack.token, tlsDir: join(stack.root, 'api-tls'), request: apiClient(url || 'http://127.0.0.1', stack.token), stack,
      close: () => parts.stopAll(),
    };
  });
}

/**
 * With --profile FILE (private stack only: the API runs in this process), a CPU profile of
 * the API during the last hearth round, for Chrome DevTools or speedscope.
 */
async function profiled<T>(file: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!file) return run();
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

async function bareServer(tlsDir: string, json: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.get('/api/v1/accounts/:id', (_req, res) => {
    res.json(json);
  });
  const server = https.createServer({ cert: readFileSync(join(tlsDir, 'cert.pem')), key: readFileSync(join(tlsDir, 'key.pem')) }, app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function main(argv: string[]): Promise<number> {
  let o: ReadsOptions;
  try {
    o = parse(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (o.rssAccounts) {
    const { measureApiRss } = await import('./reads-memory');
    const api = await privateApi(false);
    try {
      await measureApiRss({ db: api.stack.db, apiConfig: api.stack.apiConfig as Record<string, unknown>, dir: join(api.stack.root, 'etc'), token: api.token, accounts: o.rssAccounts });
      return 0;
    } finally {
      await api.close();
    }
  }
  const api = o.url
    ? { url: o.url, token: o.token!, tlsDir: o.tlsDir!, request: apiClient(o.url, o.token!, o.ca), close: async () => undefined }
    : await privateApi();
  let id: number | null = null;
  try {
    const name = `htr${Math.random().toString(36).slice(2, 10).replace(/[^a-z0-9]/g, 'a').padEnd(8, 'a')}`;
    const made = await api.request('POST', '/api/v1/accounts', { username: name, domain: `${name}.example.com`, email: `owner@${name}.example.com`, password: 'bench-Passw0rd!', package_id: 1 });
    if (made.status !== 201) {
      console.log(`could not create the account to read: ${failureReason(made)}`);
      return 1;
    }
    id = made.body.data.id as number;
    const one = await api.request('GET', `/api/v1/accounts/${id}`);
    const bare = await bareServer(api.tlsDir, one.body);
    const path = `/api/v1/accounts/${id}`;
    const hearth: number[] = [];
    const plain: number[] = [];
    const hearthCpu: number[] = [];
    const plainCpu: number[] = [];
    try {
      // Unmeasured: the first seconds of either server are the JIT compiling it.
      await autocannon(api.url + path, api.token, { ...o, seconds: 5 });
      await autocannon(bare.url + path, api.token, { ...o, seconds: 5 });
      for (let round = 1; round <= o.rounds; round++) {
        const h = await profiled(o.profile && round === o.rounds ? o.profile : undefined, () => measuredRound(api.url + path, api.token, o));
        const b = await measuredRound(bare.url + path, api.token, o);
        const cpu = o.url ? '' : `; CPU per request: hearth ${h.cpuUs.toFixed(0)} µs, bare ${b.cpuUs.toFixed(0)} µs`;
        console.log(`round ${round}: hearth ${h.rps.toFixed(0)} req/s (p50 ${h.p50} ms, non-2xx ${h.non2xx}, errors ${h.errors}); bare express ${b.rps.toFixed(0)} req/s (p50 ${b.p50} ms)${cpu}`);
        hearth.push(h.rps);
        plain.push(b.rps);
        hearthCpu.push(h.cpuUs);
        plainCpu.push(b.cpuUs);
      }
    } finally {
      await bare.close();
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`GET /api/v1/accounts/{id}, ${o.connections} connections, ${o.seconds} s x ${o.rounds} rounds each: hearth ${mean(hearth).toFixed(0)} req/s, bare Express 5 HTTPS ${mean(plain).toFixed(0)} req/s, ratio ${(mean(hearth) / mean(plain)).toFixed(2)}x (goal >= 0.5x)`);
    if (!o.url) console.log(`CPU of the process serving both, per request: hearth ${mean(hearthCpu).toFixed(0)} µs, bare ${mean(plainCpu).toFixed(0)} µs, ratio ${(mean(plainCpu) / mean(hearthCpu)).toFixed(2)}x (MariaDB's share not included)`);
    return 0;
  } finally {
    if (id !== null) await api.request('DELETE', `/api/v1/accounts/${id}`).catch(() => undefined);
    await api.close();
  }
}
