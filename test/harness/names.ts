import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/** Removes every Linux user this test file created (they are global to the host). */
export function removeTestUsers(): void {
  for (const name of created.splice(0)) {
    if (!linuxUserExists(name)) continue;
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
}

/** The seed's create body for a test account, with optional overrides. */
export function accountBody(username: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const domain = testDomain(username);
  return { username, domain, email: `owner@${domain}`, password: 's3cur3p@ss', package_id: 1, ...extra };
}
