import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import knex, { Knex } from 'knex';
import { createDb, migrateLatest, parseApiConfig, startApi, RunningApi, TokenService, KnexTokenStore, DoctorService } from '@hearth/api';
import { testMariaDb, TestMariaDb } from './mariadb';
import { GiveUp, waitFor } from './ports';
import { recordSecret, recordSecretsIn } from './secrets';
import { createLogger } from '@hearth/shared';

export const REPO = join(__dirname, '..', '..');
const AGENT_MAIN = join(REPO, 'packages', 'agent', 'dist', 'main.js');

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-3000);
  } catch {
    return '(no log)';
  }
}

function gidOf(group: string): number {
  return Number(execFileSync('getent', ['group', group]).toString().split(':')[2]);
}

export interface StackOptions {
  /** Overrides merged into the agent config (per-module sections: web, dns, mail, ...). */
  agent?: Record<string, unknown>;
  /** Overrides merged into the API config (a function gets the stack's root). */
  api?: Record<string, unknown> | ((root: string) => Record<string, unknown>);
  /** Start the API (default true). */
  withApi?: boolean;
  /** The MariaDB holding the panel database (default: the suite's shared one). */
  mariadb?: TestMariaDb;
  /** The API reaches the panel database over its Unix socket, as in production (default: TCP). */
  panelDatabaseSocket?: boolean;
}

export interface Stack {
  root: string;
  url: string;
  /** An admin API token ("*" scope). */
  token: string;
  agentConfigFile: string;
  agentConfig: Record<string, unknown>;
  apiConfig: Record<string, unknown>;
  /** Root connection to this stack's panel database. */
  db: Knex;
  dbName: string;
  agentProcess(): ChildProcess | null;
  startAgent(): Promise<void>;
  /** SIGKILL, like a crash. */
  killAgent(): Promise<void>;
  stopAgent(): Promise<void>;
  createToken(scopes: string[]): Promise<string>;
  /** The in-process API (null when started withApi: false). */
  api(): RunningApi | null;
  /** Stops the in-process API and starts a new one on the same database (as a service restart); request() follows it. */
  restartApi(): Promise<void>;
  /** Settles unsettled rows now, as the API does at start-up. */
  reconcile(): Promise<number>;
  /** `hearthctl doctor`'s findings, as "kind subject: detail" lines. */
  doctor(repair?: boolean): Promise<string[]>;
  /** fetch against the API with the admin token unless another is given. */
  request(method: string, path: string, body?: unknown, token?: string | null, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

/** A fresh database in the private MariaDB, with a password user for the API. */
async function createPanelDatabase(maria: TestMariaDb): Promise<{ name: string; user: string; password: string; rootDb: Knex }> {
  const name = `hearth_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const admin = knex({ client: 'mysql2', connection: { socketPath: maria.socketPath, user: 'root' }, pool: { min: 0, max: 2 } });
  await admin.raw(`CREATE DATABASE \`${name}\``);
  // The audit log's database gets exactly the grants deploy/quickstart.sh gives: append and read only.
  await admin.raw(`CREATE DATABASE \`${name}_audit\``);
  for (const host of ['localhost', '127.0.0.1']) {
    await admin.raw(`CREATE USER ?@? IDENTIFIED BY ?`, [name, host, password]);
    await admin.raw(`GRANT ALL ON \`${name}\`.* TO ?@?`, [name, host]);
    await admin.raw(`GRANT SELECT, INSERT, CREATE ON \`${name}_audit\`.* TO ?@?`, [name, host]);
  }
  await admin.destroy();
  const rootDb = knex({ client: 'mysql2', connection: { socketPath: maria.socketPath, user: 'root', database: name }, pool: { min: 0, max: 4 } });
  return { name, user: name, password, rootDb };
}

/**
 * One complete Hearth for a test file: its own temp root (homes, state, socket, token),
 * its own panel database, a real agent process as root on a Unix socket, and the API
 * (in-process, plain HTTP on loopback) talking to it over gRPC.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const base = process.env.HEARTH_TEST_BASE ?? '/tmp';
  const root = mkdtempSync(join(base, 'stack-'));
  chmodSync(root, 0o755);
  for (const d of ['home', 'run', 'state', 'etc']) mkdirSync(join(root, d), { recursive: true, mode: 0o755 });
  const tokenFile = join(root, 'etc', 'agent.token');
  const agentToken = randomBytes(32).toString('hex');
  recordSecret(agentToken);
  writeFileSync(tokenFile, agentToken, { mode: 0o640 });
  chownSync(tokenFile, 0, gidOf('hearth'));

  const agentConfig: Record<string, unknown> = {
    socketPath: join(root, 'run', 'agent.sock'),
    socketGroup: 'hearth',
    tokenFile,
    stateDir: join(root, 'state'),
    homeRoot: join(root, 'home'),
    logLevel: process.env.HEARTH_TEST_LOG ?? 'info',
    testMode: true,
    ...opts.agent,
  };
  const agentConfigFile = join(root, 'etc', 'agent.json');
  writeFileSync(agentConfigFile, JSON.stringify(agentConfig, null, 2), { mode: 0o600 });

  const maria = opts.mariadb ?? testMariaDb();
  const panel = await createPanelDatabase(maria);
  await migrateLatest(panel.rootDb);
  const apiConfig = {
    listen: { host: '127.0.0.1', port: 0, plainHttp: true },
    database: { ...(opts.panelDatabaseSocket ? { socketPath: maria.socketPath } : { host: '127.0.0.1', port: maria.port }), user: panel.user, password: panel.password, database: panel.name },
    agent: { socketPath: agentConfig.socketPath, tokenFile, timeoutMs: 120_000 },
    license: { file: join(root, 'etc', 'license.json'), publicKey: '', freeAccountLimit: 1000 },
    logLevel: process.env.HEARTH_TEST_LOG ?? 'fatal',
    jwt: { secret: randomBytes(32).toString('hex') },
    ...(typeof opts.api === 'function' ? opts.api(root) : opts.api),
  };
  recordSecretsIn(apiConfig);

  let agent: ChildProcess | null = null;
  const startAgent = async (): Promise<void> => {
    const log = join(root, 'agent.log');
    const out = require('node:fs').openSync(log, 'a');
    // A socket file left by a killed agent would read as "up" before the new one has
    // recovered its journal and bound: only the new agent's socket counts.
    rmSync(agentConfig.socketPath as string, { force: true });
    // The production unit's V8 flags and malloc arenas (deploy/systemd/hearth-agent.service), so memory figures match.
    // HEARTH_AGENT_CPU_PROF=dir: a V8 CPU profile of the agent, written there when it stops (benchmarks).
    const profile = process.env.HEARTH_AGENT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HEARTH_AGENT_CPU_PROF}`] : [];
    // HEARTH_AGENT_TRACE_GC=1: one line per garbage collection in agent.log (benchmarks).
    if (process.env.HEARTH_AGENT_TRACE_GC) profile.push('--trace-gc');
    agent = spawn(process.execPath, ['--max-semi-space-size=2', '--max-old-space-size=128', ...profile, AGENT_MAIN, agentConfigFile], {
      stdio: ['ignore', out, out], env: { ...process.env, MALLOC_ARENA_MAX: '2' },
    });
    const proc = agent;
    await waitFor('agent socket', async () => {
      if (proc.exitCode !== null) throw new GiveUp(`agent exited with ${proc.exitCode}: ${logTail(log)}`);
      return existsSync(agentConfig.socketPath as string);
      // As long as systemd gives the agent (TimeoutStartSec=300s): it binds only after it has
      // settled every operation a crash left open, and a chaos run on a loaded machine left
      // ten of them, which took over a minute to roll back.
    }, 300_000).catch((e) => {
      proc.kill('SIGKILL');
      agent = null;
      if (e instanceof GiveUp) throw e;
      throw new Error(`${(e as Error).message}; the agent's log ends:\n${logTail(log)}`);
    });
  };
  const stopProc = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = agent;
    agent = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(signal);
    await exited;
  };
  await startAgent().catch(async (e) => {
    await panel.rootDb.destroy();
    throw e;
  });

  let api: RunningApi | null = null;
  let url = '';
  if (opts.withApi !== false) {
    try {
      // The API's log goes to a file under the root (info level), searched for secrets after the suite.
      api = await startApi(parseApiConfig(apiConfig), undefined, createLogger('hearth-api', process.env.HEARTH_TEST_LOG ?? 'info', join(root, 'api.log')));
    } catch (e) {
      await stopProc('SIGKILL');
      await panel.rootDb.destroy();
      throw e;
    }
    url = api.url;
  }
  const apiDb = createDb(parseApiConfig(apiConfig).database);
  const tokens = new TokenService(new KnexTokenStore(apiDb));
  const createToken = async (scopes: string[]): Promise<string> => {
    const { token } = await tokens.create('test', scopes);
    recordSecret(token);
    return token;
  };
  const token = await createToken(['*']);

  return {
    root, get url() { return url; }, token, agentConfigFile, agentConfig, apiConfig, db: panel.rootDb, dbName: panel.name,
    agentProcess: () => agent,
    api: () => api,
    async restartApi() {
      await api?.stop();
      api = null;
      api = await startApi(parseApiConfig(apiConfig), undefined, createLogger('hearth-api', process.env.HEARTH_TEST_LOG ?? 'info', join(root, 'api.log')));
      await api.ready;
      url = api.url;
    },
    reconcile: () => api!.deps.reconcile.run(0),
    async doctor(repair = false) {
      const d = api!.deps;
      const service = new DoctorService(d.accountStore, d.packageStore, d.accountAgent, d.reconcile, 0);
      let findings = await service.check();
      if (repair && findings.length) {
        await service.repair(findings);
        findings = await service.check();
      }
      return findings.map((f) => `${f.kind} ${f.subject}: ${f.detail}`);
    },
    startAgent,
    killAgent: () => stopProc('SIGKILL'),
    stopAgent: () => stopProc('SIGTERM'),
    createToken,
    async request(method, path, body, tok = token, headers = {}) {
      recordSecretsIn(body);
      recordSecret(tok);
      const h: Record<string, string> = { ...headers };
      if (tok) h.authorization = `Bearer ${tok}`;
      if (body !== undefined) h['content-type'] = 'application/json';
      const res = await fetch(url + path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: the test will notice */
      }
      recordSecretsIn(parsed);
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async stop() {
      await api?.stop();
      await apiDb.destroy();
      await stopProc('SIGTERM');
      await panel.rootDb.destroy();
    },
  };
}
