import { spawn, execFileSync, ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, chownSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';

/** Connection facts of the private MariaDB the integration suite runs against. */
export interface TestMariaDb {
  /** root over the unix socket (unix_socket auth as OS root). */
  socketPath: string;
  host: string;
  port: number;
  pid: number;
  root: string;
}

export const MARIADB_ENV = 'HEARTH_TEST_MARIADB';

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

/**
 * Starts a private mariadbd: datadir, socket, pid and logs under `root`, TCP on a free
 * loopback port. Nothing of the system's MariaDB is used or touched.
 */
export async function startMariaDb(root: string): Promise<{ db: TestMariaDb; proc: ChildProcess }> {
  const datadir = join(root, 'data');
  mkdirSync(datadir, { recursive: true });
  const mysqlUid = uidOf('mysql');
  chownSync(root, mysqlUid, mysqlUid);
  chownSync(datadir, mysqlUid, mysqlUid);
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, '--user=mysql', '--skip-test-db', '--auth-root-authentication-method=socket'], { stdio: 'pipe' });
  return launchMariaDb(root, await freePort());
}

/** Starts mariadbd on an installed datadir under `root` (again, after a stop). */
export async function launchMariaDb(root: string, port: number): Promise<{ db: TestMariaDb; proc: ChildProcess }> {
  const socketPath = join(root, 'mysqld.sock');
  const proc = spawn('mariadbd', [
    '--no-defaults', `--datadir=${join(root, 'data')}`, `--socket=${socketPath}`, `--port=${port}`, '--bind-address=127.0.0.1',
    '--user=mysql', `--pid-file=${join(root, 'mysqld.pid')}`, `--log-error=${join(root, 'error.log')}`,
    '--skip-log-bin', '--innodb-buffer-pool-size=128M', '--innodb-flush-log-at-trx-commit=2', '--max-connections=500',
    '--skip-name-resolve',
  ], { stdio: 'ignore', detached: true });
  proc.unref();
  await waitFor('private mariadbd', async () => existsSync(socketPath), 60_000).catch((e) => {
    const log = existsSync(join(root, 'error.log')) ? readFileSync(join(root, 'error.log'), 'utf8').slice(-2000) : '';
    throw new Error(`${(e as Error).message}\n${log}`);
  });
  return { db: { socketPath, host: '127.0.0.1', port, pid: proc.pid!, root }, proc };
}

/**
 * Whether `pid` still runs: a zombie (ended, not yet reaped by its parent, which signal 0
 * still reaches) does not.
 */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Stops a private mariadbd and waits until the process has ended. Not until its socket is
 * gone: mariadbd removes the socket first and then still writes its buffer pool dump and
 * its log, so a caller removing the directory next (bench/private-base.ts) failed with
 * ENOTEMPTY and left it in /tmp.
 */
export async function stopMariaDb(db: TestMariaDb): Promise<void> {
  try {
    process.kill(db.pid, 'SIGTERM');
  } catch {
    return;
  }
  await waitFor('mariadbd to stop', async () => !running(db.pid), 60_000);
}

export function testMariaDb(): TestMariaDb {
  const raw = process.env[MARIADB_ENV];
  if (!raw) throw new Error(`${MARIADB_ENV} is not set: run integration tests through jest (global-setup starts MariaDB)`);
  return JSON.parse(raw) as TestMariaDb;
}
