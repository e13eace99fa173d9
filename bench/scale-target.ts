import { copyFileSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { apiClient, ApiRequest } from './api-client';
import { pidFromFile, pidsMatching, treeRss } from './process-memory';
import { CpuGroups } from './process-cpu';
import { privateBase } from './private-base';

/**
 * What the scale benchmark drives: a Hearth API, the agent's reload counters, where a
 * probe page can be put into an account's home, the HTTP port nginx serves sites on, and
 * the processes whose memory it reports.
 */
export interface ScaleTarget {
  request: ApiRequest;
  statsFile: string;
  httpPort: number;
  /** Writes `content` as public_html/{file} of `username`, owned by that user. */
  putPage(username: string, file: string, content: string): void;
  /** RSS and PSS in MB (and process count) of API, agent, its workers, PHP-FPM and nginx. */
  memory(): Record<string, { mb: number; pssMb: number; processes: number }>;
  /** Which processes are whose, for the CPU each spends per operation. */
  cpuGroups(): CpuGroups;
  newUsername(): string;
  describe: string;
  close(): Promise<void>;
}

function uidOf(username: string): number {
  return Number(execFileSync('id', ['-u', username]).toString().trim());
}

function writePage(home: string, username: string, file: string, content: string): void {
  const path = join(home, 'public_html', file);
  writeFileSync(path, content);
  chownSync(path, uidOf(username), uidOf(username));
}

/** Daemons told apart by their command name wherever they run. */
const DAEMON_COMMANDS: Record<string, string> = {
  mariadbd: 'mariadb', mysqld: 'mariadb', pdns_server: 'pdns', 'pdns_server-in': 'pdns',
  master: 'mail', qmgr: 'mail', pickup: 'mail', smtpd: 'mail', cleanup: 'mail', 'trivial-rewrite': 'mail', local: 'mail', virtual: 'mail', proxymap: 'mail',
  dovecot: 'mail', auth: 'mail', config: 'mail', anvil: 'mail', log: 'mail', lmtp: 'mail', imap: 'mail', 'imap-login': 'mail', stats: 'mail',
  'pure-ftpd': 'ftp', pebble: 'pebble',
};

function rootsOf(named: Record<string, number[]>): Map<number, string> {
  const roots = new Map<number, string>();
  for (const [name, pids] of Object.entries(named)) for (const pid of pids) roots.set(pid, name);
  return roots;
}

/** The agent's Node helpers, each its own group: what runs programs for it, and the ACME client. */
const agentWorkerPids = () => ({ 'agent spawner': pidsMatching('dist/system/spawner-main.js'), 'agent ACME worker': pidsMatching('dist/tls/acme-worker-main.js') });
/** The programs the agent and its spawner run (`useradd`, `nginx -t`, `postmap`, …), one group. */
const AGENT_PROGRAMS = { agent: 'agent programs', 'agent spawner': 'agent programs' };

/** The agent's helper processes (its spawner, its ACME worker while orders run): Node children it forks. */
const agentWorkers = () => treeRss(Object.values(agentWorkerPids()).flat());

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomName = (prefix: string) => `${prefix}${Array.from({ length: 8 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')}`;

/** A running installation (quickstart): its API over HTTPS, /home, the system daemons. */
export function remoteScaleTarget(o: { url: string; token: string; ca?: string; statsFile?: string; httpPort: number; homeRoot: string }): ScaleTarget {
  return {
    request: apiClient(o.url, o.token, o.ca),
    statsFile: o.statsFile ?? '/var/lib/hearth/web-reload-stats.json',
    httpPort: o.httpPort,
    putPage: (username, file, content) => writePage(join(o.homeRoot, username), username, file, content),
    memory: () => ({
      api: treeRss(pidsMatching('api/dist/main.js')),
      agent: treeRss(pidsMatching('agent/dist/main.js')),
      'agent workers': agentWorkers(),
      'php-fpm': treeRss(pidsMatching('php-fpm: master process')),
      nginx: treeRss([pidFromFile('/run/nginx.pid') ?? -1]),
    }),
    cpuGroups: () => ({
      roots: rootsOf({
        api: pidsMatching('api/dist/main.js'), agent: pidsMatching('agent/dist/main.js'), ...agentWorkerPids(),
        'php-fpm': pidsMatching('php-fpm: master process'), nginx: [pidFromFile('/run/nginx.pid') ?? -1],
      }),
      commands: DAEMON_COMMANDS,
      programsOf: AGENT_PROGRAMS,
    }),
    newUsername: () => randomName('htb'),
    describe: o.url,
    async close() {},
  };
}

/**
 * Everything private under /tmp/hearth-scale-*: MariaDB, nginx + PHP-FPM, PowerDNS,
 * Postfix + Dovecot, pure-ftpd, pebble (ACME), the agent as a real process with web, DNS,
 * mail, databases, FTP and TLS on, and the API (in this process: its RSS is this
 * process's, benchmark included). Removed again, Linux users included, by close().
 */
/**
 * `accounts`: how many accounts the run may hold at once (the fill, its neighbour and the
 * one-at-a-time creates): the private panel's account limit is raised above it.
 */
export async function privateScaleTarget(phpShards = 1, accounts = 1000): Promise<ScaleTarget> {
  console.log('installing what is missing, building, then starting a private MariaDB, nginx, PHP-FPM, PowerDNS, Postfix, Dovecot, pure-ftpd, pebble, agent and API ...');
  const { base, db, parts } = await privateBase('/tmp/hearth-scale-');
  const { startNginxPhp } = await import('../test/harness/nginx-php');
  const { startPdns } = await import('../test/harness/pdns');
  const { startMail } = await import('../test/harness/mail');
  const { startFtp } = await import('../test/harness/ftp');
  const { startPebble } = await import('../test/harness/pebble');
  const { freePort } = await import('../test/harness/ports');
  const { startStack } = await import('../test/harness/stack');
  const { testUsername, removeTestUsers, removeUsersHomedUnder } = await import('../test/harness/names');
  return parts.build(async () => {
    for (const d of ['web', 'pdns', 'ftp', 'tls']) mkdirSync(join(base, d), { mode: 0o755 });
    const web = await parts.start(startNginxPhp(join(base, 'web'), { phpShards }));
    const pdns = await parts.start(startPdns({ root: join(base, 'pdns'), dns: { serverIpv4: '127.0.0.1' } }));
    const maild = await parts.start(startMail());
    const ftpd = await parts.start(startFtp(join(base, 'ftp')));
    const pebble = await parts.start(startPebble({ root: join(base, 'tls'), httpPort: web.port, dnsPort: pdns.port }));
    const httpsPort = await freePort();
    parts.add(async () => removeTestUsers());
    // Not one of `parts`: its logs are kept between its stop and the rest's (close below).
    const stack = await startStack({
      // The unlicensed limit (1,000 in the harness) would refuse the creates made at 1,000 accounts.
      api: (root: string) => ({ license: { file: join(root, 'etc', 'license.json'), publicKey: '', freeAccountLimit: Math.max(1000, accounts + 100) } }),
      agent: {
        logLevel: process.env.HEARTH_BENCH_AGENT_LOG ?? 'warn',
        web: { ...web.web, ...reloadWindows() },
        dns: pdns.dns,
        mail: maild.mail,
        ftp: ftpd.ftp,
        databases: { socketPath: db.socketPath, clientHosts: ['localhost', '127.0.0.1'] },
        tls: {
          enabled: true, autoIssue: true, directoryUrl: pebble.directoryUrl, caBundle: pebble.caFile,
          liveRoot: join(base, 'tls', 'live'), skipChallengeVerification: true,
          https: { listen: [`127.0.0.1:${httpsPort}`], redirect: false },
        },
      },
    });
    // From here run-scale.ts handles Ctrl-C: it stops the stack before the rest and keeps its logs.
    parts.releaseInterrupts();
    return runningTarget(base, phpShards, web, stack, {
      newUsername: () => testUsername('htb'),
      async close() {
        await stack.stop();
        keepLogs(stack.root);
        await parts.stopAll();
        // A create in flight as the stack stopped (Ctrl-C) can add its user after the list was read.
        removeUsersHomedUnder(base);
      },
    });
  });
}

/**
 * HEARTH_BENCH_DEFERRED_RELOAD_MS: the agent's web.deferredReloadWindowMs (how long a tested vhost
 * or certificate waits to share an nginx reload); HEARTH_BENCH_RELOAD_WINDOW_MS: its
 * web.reloadWindowMs (how long a change waits for company while its daemon is busy).
 */
function reloadWindows(): { deferredReloadWindowMs?: number; reloadWindowMs?: number } {
  const deferred = process.env.HEARTH_BENCH_DEFERRED_RELOAD_MS;
  const window = process.env.HEARTH_BENCH_RELOAD_WINDOW_MS;
  return {
    ...(deferred === undefined ? {} : { deferredReloadWindowMs: Number(deferred) }),
    ...(window === undefined ? {} : { reloadWindowMs: Number(window) }),
  };
}

type Stack = Awaited<ReturnType<typeof import('../test/harness/stack').startStack>>;
type WebDaemons = Awaited<ReturnType<typeof import('../test/harness/nginx-php').startNginxPhp>>;

/** HEARTH_BENCH_AGENT_LOG=debug logs each step's duration; keep that log for reading. The API's log (HEARTH_TEST_LOG=debug: each create's time by layer) goes beside it. */
function keepLogs(root: string): void {
  if (!process.env.HEARTH_BENCH_KEEP_LOG) return;
  copyFileSync(join(root, 'agent.log'), process.env.HEARTH_BENCH_KEEP_LOG);
  copyFileSync(join(root, 'api.log'), `${process.env.HEARTH_BENCH_KEEP_LOG}.api`);
}

function runningTarget(base: string, phpShards: number, web: WebDaemons, stack: Stack, own: Pick<ScaleTarget, 'newUsername' | 'close'>): ScaleTarget {
  const agentPid = () => stack.agentProcess()?.pid ?? -1;
  const phpMasters = () => Array.from({ length: phpShards }, (_, s) => pidFromFile(web.web.php.pidFilePattern.replace('{version}', '8.2').replace('{shard}', String(s))) ?? -1);
  return {
    request: (m, p, b) => stack.request(m, p, b),
    statsFile: join(stack.root, 'state', 'web-reload-stats.json'),
    httpPort: web.port,
    putPage: (username, file, content) => writePage(join(stack.root, 'home', username), username, file, content),
    memory: () => ({
      'api+bench': treeRss([process.pid]),
      agent: treeRss([agentPid()]),
      'agent workers': agentWorkers(),
      'php-fpm': treeRss(phpMasters()),
      nginx: treeRss([pidFromFile(web.web.nginx.pidFile) ?? -1]),
    }),
    cpuGroups: () => ({
      roots: rootsOf({
        'api+bench': [process.pid], agent: [agentPid()], ...agentWorkerPids(), 'php-fpm': phpMasters(), nginx: [pidFromFile(web.web.nginx.pidFile) ?? -1],
      }),
      commands: DAEMON_COMMANDS,
      programsOf: AGENT_PROGRAMS,
    }),
    describe: `private stack in ${base} (web, DNS, mail, databases, FTP, TLS on; ${phpShards} PHP-FPM master${phpShards > 1 ? 's' : ''})`,
    ...own,
  };
}

type TestKinds = { whole: number; scoped: number; skipped: number };
export function readReloadCounters(file: string): Record<string, { tests: number; reloads: number; requests: number; testKinds?: TestKinds }> {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { daemons: Record<string, { tests: number; reloads: number; requests: number; testKinds?: TestKinds }> }).daemons;
  } catch {
    return {};
  }
}
