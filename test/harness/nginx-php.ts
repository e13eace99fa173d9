import { spawn } from 'node:child_process';
import http from 'node:http';
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { WebConfig } from '../../packages/agent/src/web/web-config';
import { freePort, waitFor } from './ports';

/**
 * A private nginx master and PHP-FPM master under `root`, on a free loopback port, with
 * every file (configs, sites, pools, sockets, pids, logs, temp dirs) inside the root.
 * Returns the agent's `web` config section pointing at them, and stop().
 */
export interface NginxPhp {
  port: number;
  web: WebConfig;
  root: string;
  stop(): Promise<void>;
}

export const HARNESS_PHP_VERSION = '8.2';
/** The project's own nginx include files (deploy/nginx), never the distribution's /etc/nginx. */
const NGINX_TEMPLATES = join(__dirname, '..', '..', 'deploy', 'nginx');

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/**
 * Starts a master in the foreground, detached from this process's lifetime, as systemd runs
 * it in production (`--nodaemonize`): its SIGUSR2 re-execution keeps its pid, where a
 * daemonizing master forks again and leaves the old process to init (its CPU then showed
 * nowhere in the scale benchmark's per-process figures).
 */
function startForeground(file: string, args: string[]): void {
  const child = spawn(file, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // a failed start shows as the pid file never appearing
  child.unref();
}

function pidOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopMaster(pidFile: string, signal: NodeJS.Signals): Promise<void> {
  const pid = pidOf(pidFile);
  if (!pid || !alive(pid)) return;
  process.kill(pid, signal);
  try {
    await waitFor(`pid ${pid} to exit`, async () => !alive(pid), 10_000);
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

export interface NginxPhpOptions {
  /** PHP-FPM masters sharing the pools (web.php.shards); default 1. */
  phpShards?: number;
}

export async function startNginxPhp(root: string, opts: NginxPhpOptions = {}): Promise<NginxPhp> {
  const base = join(root, 'web');
  const d = {
    nginx: join(base, 'nginx'),
    available: join(base, 'nginx', 'sites-available'),
    enabled: join(base, 'nginx', 'sites-enabled'),
    logs: join(base, 'nginx', 'logs'),
    tmp: join(base, 'nginx', 'tmp'),
    fpm: join(base, 'php', HARNESS_PHP_VERSION, 'fpm'),
    pools: join(base, 'php', HARNESS_PHP_VERSION, 'fpm', 'pool.d'),
    sockets: join(base, 'run', 'php'),
    acme: join(base, 'acme-challenge'),
    accountLogs: join(base, 'account-logs'),
    pages: join(base, 'pages'),
  };
  // nginx workers run as www-data: they must traverse to the pages, ACME dir and sockets.
  chmodSync(root, 0o711);
  for (const dir of Object.values(d)) mkdirSync(dir, { recursive: true });
  for (const dir of [base, join(base, 'run'), d.sockets, d.acme, d.pages, join(base, 'php')]) chmodSync(dir, 0o755);

  const port = await freePort();
  const nginxConf = join(d.nginx, 'nginx.conf');
  const nginxPid = join(d.nginx, 'nginx.pid');
  writeFileSync(nginxConf, `user www-data;
worker_processes 1;
pid ${nginxPid};
error_log ${d.logs}/error.log;
events { worker_connections 512; }
http {
    include ${join(NGINX_TEMPLATES, 'mime.types')};
    default_type application/octet-stream;
    access_log ${d.logs}/access.log;
    client_body_temp_path ${d.tmp}/body;
    proxy_temp_path ${d.tmp}/proxy;
    fastcgi_temp_path ${d.tmp}/fastcgi;
    uwsgi_temp_path ${d.tmp}/uwsgi;
    scgi_temp_path ${d.tmp}/scgi;
    server_names_hash_max_size 8192;
    server_names_hash_bucket_size 128;
    # Unknown hosts get 404 here, never the first account's site.
    server {
        listen 127.0.0.1:${port} default_server;
        server_name _;
        return 404;
    }
    include ${d.enabled}/*;
}
`);
  // One PHP-FPM master, or `phpShards` of them sharing the pools (web.php.shards).
  const shards = opts.phpShards ?? 1;
  const shardDir = (s: number | string) => (shards > 1 ? join(d.fpm, `shard-${s}`) : d.fpm);
  const masters = Array.from({ length: shards }, (_, s) => ({
    conf: join(shardDir(s), 'php-fpm.conf'),
    pid: join(shardDir(s), 'php-fpm.pid'),
    log: join(shardDir(s), 'php-fpm.log'),
    pools: join(shardDir(s), 'pool.d'),
    idleSocket: join(d.sockets, shards > 1 ? `hearth-idle-${s}.sock` : 'hearth-idle.sock'),
    idle: shards > 1 ? `hearth-idle-${s}` : 'hearth-idle',
  }));
  for (const m of masters) {
    mkdirSync(m.pools, { recursive: true });
    writeFileSync(m.conf, `[global]
pid = ${m.pid}
error_log = ${m.log}
daemonize = no
; A reload (SIGUSR2) lets every busy worker finish its request before the master
; re-executes; with the default 0 it kills them and nginx answers 502 (issue 15).
process_control_timeout = 10s
include = ${m.pools}/*.conf

; PHP-FPM refuses to start without a pool; this one never runs a process.
[${m.idle}]
user = www-data
group = www-data
listen = ${m.idleSocket}
listen.owner = www-data
listen.group = www-data
listen.mode = 0600
pm = ondemand
pm.max_children = 1
`);
  }

  const stop = async (): Promise<void> => {
    await stopMaster(nginxPid, 'SIGQUIT');
    await Promise.all(masters.map((m) => stopMaster(m.pid, 'SIGQUIT')));
  };
  try {
    await run('/usr/sbin/nginx', ['-c', nginxConf]);
    await waitFor('nginx pid file', async () => pidOf(nginxPid));
    for (const m of masters) {
      startForeground(`/usr/sbin/php-fpm${HARNESS_PHP_VERSION}`, ['-F', '-y', m.conf]);
      await waitFor('php-fpm pid file', async () => pidOf(m.pid) !== null && existsSync(m.idleSocket));
    }
  } catch (e) {
    await stop();
    const logs = [join(d.logs, 'error.log'), ...masters.map((m) => m.log)].map((f) => (existsSync(f) ? readFileSync(f, 'utf8').slice(-1500) : '')).join('\n');
    throw new Error(`private nginx/php-fpm did not start: ${(e as Error).message}\n${logs}`);
  }

  const fpmPattern = shards > 1 ? join(base, 'php', '{version}', 'fpm', 'shard-{shard}') : join(base, 'php', '{version}', 'fpm');
  const web: WebConfig = {
    enabled: true,
    serviceControl: 'direct',
    webUser: 'www-data',
    nginx: {
      binary: '/usr/sbin/nginx',
      mainConfig: nginxConf,
      sitesAvailable: d.available,
      sitesEnabled: d.enabled,
      pidFile: nginxPid,
      systemdUnit: 'nginx',
      listen: [`127.0.0.1:${port}`],
      fastcgiParams: join(NGINX_TEMPLATES, 'fastcgi_params'),
    },
    php: {
      binaryPattern: '/usr/sbin/php-fpm{version}',
      mainConfigPattern: join(fpmPattern, 'php-fpm.conf'),
      poolDirPattern: join(fpmPattern, 'pool.d'),
      pidFilePattern: join(fpmPattern, 'php-fpm.pid'),
      systemdUnitPattern: shards > 1 ? 'hearth-php{version}-fpm@{shard}' : 'php{version}-fpm',
      socketDir: d.sockets,
      versions: [HARNESS_PHP_VERSION],
      defaultVersion: HARNESS_PHP_VERSION,
      defaultWorkers: 2,
      defaultMemoryMb: 64,
      shards,
    },
    acmeChallengeDir: d.acme,
    logRoot: d.accountLogs,
    pagesDir: d.pages,
    suspendedPageTemplate: '<!DOCTYPE html><html><body><h1>Account suspended</h1><p>{{domain}} is suspended.</p></body></html>\n',
    defaultIndexTemplate: '<!DOCTYPE html><html><body><h1>Welcome to {{domain}}</h1><p>Hosted by Hearth.</p></body></html>\n',
    reloadWindowMs: 50,
    deferredReloadWindowMs: 2000,
    reloadTimeoutMs: 20_000,
    faultNginxTestFor: [],
    faultPhpTestFor: [],
  };

  return {
    port,
    web,
    root,
    stop,
  };
}

/** GET http://127.0.0.1:{port}{path} with a Host header, as a browser for {host} would. */
export function httpGet(port: number, host: string, path = '/', timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host, Connection: 'close' }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no complete answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * nginx writes a request's access-log line after it sent the answer, so a client that reads
 * the log at once can be ahead of it: waits until the log holds every one of `texts`.
 */
export async function untilLogged(accessLog: string, texts: string[], timeoutMs = 10_000): Promise<string> {
  return waitFor(`${texts.join(', ')} in ${accessLog}`, async () => {
    const log = await fsp.readFile(accessLog, 'utf8').catch(() => '');
    return texts.every((t) => log.includes(t)) && log;
  }, timeoutMs);
}

/**
 * Until nginx has loaded the site's own vhost: a new site is served at once through the
 * sites entry's bridge, and its vhost (with the account's own log) is loaded by a reload
 * within the deferral window. Requests a marker path until the account's access log has it.
 */
export async function untilVhostLoaded(port: number, domain: string, accessLog: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let n = 0; ; n++) {
    const marker = `/?until-vhost-loaded=${n}`;
    await httpGet(port, domain, marker);
    const log = await fsp.readFile(accessLog, 'utf8').catch(() => '');
    if (log.includes(marker)) return;
    if (Date.now() > deadline) throw new Error(`nginx did not load the vhost of ${domain} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
