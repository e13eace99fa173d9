import { ChildProcess, fork, spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import type { WebdiskServerConfig } from './webdisk-server-config';
import type { FrontToLauncher, LauncherToFront } from './launcher-channel';
import { WebdiskEntry, parseWebdiskLine } from './webdisk-lines';
import type { WorkerJob } from './webdisk-worker';
import { accountQuotaMb } from '../operations/account-quota';

const FRONT = join(__dirname, 'webdisk-front.js');
const WORKER = join(__dirname, 'webdisk-worker.js');

/** uid and gid of a local user, from /etc/passwd (no NSS needed for a system user). */
export function systemUser(name: string): { uid: number; gid: number } {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 4) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  throw new Error(`hearth-webdisk: user ${name} does not exist (create it: useradd --system ${name})`);
}

/**
 * The only part of hearth-webdisk that stays root, and all it does: it starts the HTTP
 * front as the unprivileged `user`, gives it the TLS key and the users file's contents
 * (both root-only on disk), and starts a login's worker as that login's hosting account
 * (uid/gid from the users file, never 0), handing the front one end of the worker's
 * socket. It never parses a request, a password or a customer's file.
 */
export class WebdiskLauncher {
  private front: ChildProcess | null = null;
  private stopping = false;
  private readonly workers = new Set<ChildProcess>();
  /** The package's disk_quota_mb, from the agent's account record: the same limit FTP enforces. */
  private readonly quotaMbOf: (owner: string) => Promise<number>;

  constructor(private readonly config: WebdiskServerConfig, private readonly log: Logger) {
    this.quotaMbOf = accountQuotaMb(config.agentStateDir);
  }

  async start(): Promise<void> {
    const user = systemUser(this.config.user);
    if (user.uid === 0 || user.gid === 0) throw new Error('hearth-webdisk: the front user must not be root');
    await fs.mkdir(this.config.stateDir, { recursive: true, mode: 0o700 });
    await fs.chown(this.config.stateDir, user.uid, user.gid);
    await fs.chmod(this.config.stateDir, 0o700);
    const cert = readFileSync(this.config.certFile, 'utf8');
    const key = readFileSync(this.config.keyFile, 'utf8');
    const front = fork(FRONT, [], { uid: user.uid, gid: user.gid, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' }, cwd: '/', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
    this.front = front;
    front.on('message', (m: FrontToLauncher) => {
      this.onMessage(m).catch((e: Error) => this.log.error({ err: e }, 'launcher request failed'));
    });
    front.on('exit', (code, signal) => {
      this.front = null;
      if (!this.stopping) {
        this.log.fatal({ code, signal }, 'Web Disk front exited');
        process.exit(1);
      }
    });
    await new Promise<void>((resolve, reject) => {
      const onMsg = (m: { type?: string; error?: string }): void => {
        if (m.type === 'listening') {
          front.off('message', onMsg);
          resolve();
        } else if (m.type === 'failed') reject(new Error(m.error));
      };
      front.on('message', onMsg);
      front.once('exit', () => reject(new Error('Web Disk front exited during start-up')));
      front.send({ type: 'init', cert, key, config: this.config });
    });
  }

  private send(m: LauncherToFront, handle?: import('node:net').Socket): void {
    if (this.front?.connected) this.front.send(m, handle);
  }

  private async onMessage(m: FrontToLauncher): Promise<void> {
    if (m.type === 'users') {
      const st = await fs.stat(this.config.usersFile).catch(() => null);
      if (!st) return this.send({ type: 'users', id: m.id, unchanged: false, text: '', mtimeMs: 0, size: 0 });
      if (st.mtimeMs === m.mtimeMs && st.size === m.size) return this.send({ type: 'users', id: m.id, unchanged: true, mtimeMs: st.mtimeMs, size: st.size });
      const text = await fs.readFile(this.config.usersFile, 'utf8');
      return this.send({ type: 'users', id: m.id, unchanged: false, text, mtimeMs: st.mtimeMs, size: st.size });
    }
    if (m.type === 'spawn') {
      try {
        const socket = await this.spawnWorker(String(m.login));
        this.send({ type: 'spawned', id: m.id, ok: true }, socket);
      } catch (e) {
        this.send({ type: 'spawned', id: m.id, ok: false, error: (e as Error).message });
      }
    }
  }

  /** Starts `login`'s worker with the identity the users file gives it (re-read here, not taken from the front). */
  private async spawnWorker(login: string): Promise<import('node:net').Socket> {
    if (this.workers.size >= this.config.maxWorkers + 8) throw new Error('too many workers');
    const text = await fs.readFile(this.config.usersFile, 'utf8');
    const entry: WebdiskEntry | undefined = text.split('\n').map(parseWebdiskLine).find((e) => e !== null && `${e.username}@${e.domain}` === login) ?? undefined;
    if (!entry || !entry.enabled) throw new Error('no such login');
    if (!(entry.uid > 0 && entry.gid > 0)) throw new Error('refusing a root worker');
    const home = entry.homedir === '' ? entry.dir : entry.dir.slice(0, entry.dir.length - entry.homedir.length - 1);
    if (`${home}/${entry.homedir}`.replace(/\/$/, '') !== entry.dir) throw new Error('inconsistent users line');
    const job: WorkerJob = { login, home, homedir: entry.homedir, readOnly: entry.perms !== 'rw', quotaBytes: (await this.quotaMbOf(entry.owner)) * 1024 * 1024, maxPropsBytes: this.config.maxPropsBytes };
    const child = spawn(process.execPath, [WORKER, JSON.stringify(job)], {
      uid: entry.uid, gid: entry.gid, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' }, cwd: '/', stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    this.workers.add(child);
    child.on('exit', (code, signal) => {
      this.workers.delete(child);
      this.log.debug({ login, code, signal }, 'Web Disk worker exited');
    });
    const socket = child.stdio[3] as import('node:net').Socket | null;
    if (!socket) {
      child.kill('SIGKILL');
      throw new Error('worker has no socket');
    }
    this.log.info({ login, pid: child.pid, uid: entry.uid }, 'Web Disk worker started');
    return socket;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const w of this.workers) w.kill('SIGTERM');
    const front = this.front;
    if (front && front.exitCode === null) {
      const exited = new Promise((r) => front.once('exit', r));
      front.kill('SIGTERM');
      await exited;
    }
  }
}
