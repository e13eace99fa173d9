import { spawn, ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForListening } from './ports';
import { REPO } from './stack';
import { makeTestCa } from './test-ca';

const WEBDISK_MAIN = join(REPO, 'packages', 'agent', 'dist', 'webdisk', 'webdisk-main.js');

/** A private hearth-webdisk (HTTPS on loopback) reading the users file the agent writes. */
export interface WebdiskInstance {
  port: number;
  caFile: string;
  /** The agent's `webdisk` section for this instance. */
  webdisk: { enabled: true; usersFile: string };
  /**
   * Where this instance reads account records (each package's disk quota): give it to the
   * stack's agent as its `stateDir` for limits to apply. No record: no limit.
   */
  agentStateDir: string;
  logFile: string;
  /** The launcher's pid (root); the front and the workers are its children. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts hearth-webdisk under `root`: the launcher as root, its HTTP front as `nobody`
 * (the production user is hearth-webdisk), workers as each login's account.
 * `settings` are merged into its config (throttle, limits, timeouts).
 */
export async function startWebdisk(root: string, settings: Record<string, unknown> = {}): Promise<WebdiskInstance> {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const ca = makeTestCa(join(root, 'ca'));
  const leaf = ca.issue(['localhost']);
  const certFile = join(root, 'cert.pem');
  const keyFile = join(root, 'key.pem');
  writeFileSync(certFile, leaf.certificate);
  writeFileSync(keyFile, leaf.privateKey, { mode: 0o600 });
  const usersFile = join(root, 'webdisk.users');
  writeFileSync(usersFile, '', { mode: 0o600 });
  const port = await freePort();
  const configFile = join(root, 'webdisk.json');
  const agentStateDir = join(root, 'agent-state');
  writeFileSync(configFile, JSON.stringify({
    host: '127.0.0.1', port, certFile, keyFile, usersFile, agentStateDir, user: 'nobody', stateDir: join(root, 'state'),
    logLevel: process.env.HEARTH_TEST_LOG ?? 'fatal', ...settings,
  }));
  const logFile = join(root, 'webdisk.log');
  const log = openSync(logFile, 'a');
  const proc: ChildProcess = spawn(process.execPath, [WEBDISK_MAIN, configFile], { stdio: ['ignore', log, log] });
  await waitForListening('hearth-webdisk', proc, port, () => readFileSync(logFile, 'utf8'));
  return {
    port, caFile: ca.caFile, agentStateDir, logFile, pid: proc.pid ?? 0,
    webdisk: { enabled: true, usersFile },
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** A hosting account made through the API with one Web Disk login (service account). */
export interface WebdiskLogin {
  accountId: number;
  username: string;
  domain: string;
  uid: number;
  home: string;
  login: string;
  password: string;
  /** The login's directory on disk. */
  dir: string;
}

interface ApiStack {
  root: string;
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function createHostingAccount(stack: ApiStack, username: string, packageId = 1): Promise<{ id: number; domain: string; uid: number; home: string }> {
  const domain = `${username}.example.com`;
  const res = await stack.request('POST', '/api/v1/accounts', { username, domain, email: `owner@${domain}`, password: 'Owner-pass-1234', package_id: packageId });
  if (res.status !== 201) throw new Error(`account create: ${res.status} ${JSON.stringify(res.body)}`);
  const home = join(stack.root, 'home', username);
  const { statSync } = await import('node:fs');
  return { id: res.body.data.id, domain, uid: statSync(home).uid, home };
}

/** Adds a Web Disk login to an account through POST /accounts/{id}/service-accounts. */
export async function addWebdiskLogin(stack: ApiStack, account: { id: number; domain: string; uid: number; home: string }, username: string, homedir: string, perms: 'ro' | 'rw', password = 'Dav-pass-1234'): Promise<WebdiskLogin> {
  const res = await stack.request('POST', `/api/v1/accounts/${account.id}/service-accounts`, { type: 'webdisk', username, password, homedir, perms });
  if (res.status !== 201) throw new Error(`webdisk login: ${res.status} ${JSON.stringify(res.body)}`);
  const dir = homedir === '' ? account.home : join(account.home, homedir);
  return { accountId: account.id, username: account.home.split('/').at(-1)!, domain: account.domain, uid: account.uid, home: account.home, login: `${username}@${account.domain}`, password, dir };
}
