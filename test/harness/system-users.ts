import { execFileSync } from 'node:child_process';

function exists(kind: 'passwd' | 'group', name: string): boolean {
  try {
    execFileSync('getent', [kind, name], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** The `hearth` service user the API runs as (quickstart creates the same). */
export function ensureSystemUsers(): void {
  if (!exists('passwd', 'hearth')) {
    execFileSync('useradd', ['--system', '--user-group', '--home-dir', '/var/lib/hearth-api', '--no-create-home', '--shell', '/usr/sbin/nologin', 'hearth']);
  }
  if (!exists('group', 'www-data')) execFileSync('groupadd', ['--system', 'www-data']);
}
