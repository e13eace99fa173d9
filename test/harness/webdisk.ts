import { spawn, ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';
import { REPO } from './stack';
import { makeTestCa } from './test-ca';

const WEBDISK_MAIN = join(REPO, 'packages', 'agent', 'dist', 'webdisk', 'webdisk-main.js');

/** A private hearth-webdisk (HTTPS on loopback) reading the users file the agent writes. */
export interface WebdiskInstance {
  port: number;
  caFile: string;
  /** The agent's `webdisk` section for this instance. */
  webdisk: { enabled: true; usersFile: string };
  /** `owner:megabytes` lines: each hosting account's Web Disk byte limit. */
  quotaFile: string;
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
  const quotaFile = join(root, 'webdisk.quota');
  writeFileSync(quotaFile, '', { mode: 0o600 });
  writeFileSync(configFile, JSON.stringify({
    host: '127.0.0.1', port, certFile, keyFile, usersFile, quotaFile, user: 'nobody', stateDir: join(root, 'state'),
    logLevel: process.env.HEARTH_TEST_LOG ?? 'fatal', ...settings,
  }));
  const logFile = join(root, 'webdisk.log');
  const log = openSync(logFile, 'a');
  const proc: ChildProcess = spawn(process.execPath, [WEBDISK_MAIN, configFile], { stdio: ['ignore', log, log] });
  await waitFor('hearth-webdisk', () => new Promise<boolean>((resolve) => {
    if (proc.exitCode !== null) throw new Error(`hearth-webdisk exited: ${readFileSync(logFile, 'utf8')}`);
    const c = net.connect(port, '127.0.0.1', () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  }), 15_000);
  return {
    port, caFile: ca.caFile, quotaFile, logFile, pid: proc.pid ?? 0,
    webdisk: { enabled: true, usersFile },
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
