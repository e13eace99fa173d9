import { execFileSync, spawn, ChildProcess, spawnSync } from 'node:child_process';

/*
 * Acting as a hostile customer in isolation tests: commands run under the account's own
 * uid and gid with no supplementary groups (setpriv), exactly the rights its PHP, FTP
 * session or cron job would have.
 */

export function idsOf(username: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', username]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', username]).toString().trim());
  return { uid, gid };
}

function asArgs(username: string, argv: string[]): string[] {
  const { uid, gid } = idsOf(username);
  return [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', ...argv];
}

/** Runs a command as the customer; returns its exit status and output (never throws on a non-zero exit). */
export function asCustomer(username: string, argv: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('setpriv', asArgs(username, argv), { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: '/' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a long-running command as the customer (e.g. a symlink-swapping loop). */
export function spawnAsCustomer(username: string, argv: string[], cwd?: string): ChildProcess {
  return spawn('setpriv', asArgs(username, argv), { cwd, stdio: 'ignore', env: { PATH: '/usr/bin:/bin', HOME: '/' } });
}
