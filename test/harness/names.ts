import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const created: string[] = [];

/** A unique account username for this run: "ht" + 8 random lowercase letters/digits. */
export function testUsername(prefix = 'ht'): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(8);
  const name = prefix + [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  created.push(name);
  return name;
}

export function testDomain(username: string): string {
  return `${username}.example.com`;
}

export function linuxUserExists(name: string): boolean {
  return readFileSync('/etc/passwd', 'utf8').split('\n').some((l) => l.split(':')[0] === name);
}

function removeUser(name: string): void {
  try {
    execFileSync('pkill', ['-KILL', '-u', name], { stdio: 'ignore' });
  } catch {
    /* no processes */
  }
  try {
    execFileSync('userdel', [name], { stdio: 'ignore' });
  } catch {
    /* best effort */
  }
}

/** Debian cron's per-user spool (the agent's default `cronSpoolDir`). */
export const CRON_SPOOL = '/var/spool/cron/crontabs';

/** A crontab a test left (cron keeps it by name, whether or not the user is still there). */
function removeCrontab(name: string): void {
  rmSync(join(CRON_SPOOL, name), { force: true });
}

/** Removes every Linux user this test file created (they are global to the host). */
export function removeTestUsers(): void {
  for (const name of created.splice(0)) {
    if (linuxUserExists(name)) removeUser(name);
    removeCrontab(name);
  }
}

/**
 * Removes every Linux user whose home lies under `dir` and returns their names: the users
 * of a run whose list was lost (a create still in flight while its stack was stopped, or
 * an interrupted benchmark) are found by where their homes are.
 */
export function removeUsersHomedUnder(dir: string): string[] {
  const prefix = `${dir.replace(/\/$/, '')}/`;
  const names = readFileSync('/etc/passwd', 'utf8').split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 7 && f[5].startsWith(prefix))
    .map((f) => f[0]);
  for (const name of names) {
    removeUser(name);
    removeCrontab(name);
  }
  return names;
}

/** The seed's create body for a test account, with optional overrides. */
export function accountBody(username: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const domain = testDomain(username);
  return { username, domain, email: `owner@${domain}`, password: 's3cur3p@ss', package_id: 1, ...extra };
}
