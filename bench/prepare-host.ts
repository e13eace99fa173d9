import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..');

/**
 * What every private stack needs before it starts, on a fresh Debian 12 machine too: the
 * Debian packages of the daemons it runs (the same list and function as deploy/test.sh;
 * the benchmarks once failed there with `id: 'mysql': no such user` when run before the
 * test suite), the compiled packages (the agent runs as a real process from them), and
 * the system users the harness's daemons run as.
 */
export async function prepareHost(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the benchmark starts real daemons and creates Linux users: run it as root');
  // deploy/lib/packages.sh is the one list of packages; it installs only what is missing.
  execFileSync('bash', ['-c', '. deploy/lib/packages.sh && install_debian_packages'], { cwd: REPO, stdio: 'inherit' });
  execFileSync('npx', ['tsc', '-b', 'packages/shared', 'packages/agent', 'packages/api', 'packages/cli'], { cwd: REPO, stdio: 'inherit' });
  const { ensureSystemUsers } = await import('../test/harness/system-users');
  ensureSystemUsers();
}
