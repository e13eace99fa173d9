import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { MARIADB_ENV, startMariaDb } from './mariadb';
import { ensureSystemUsers } from './system-users';

/**
 * Once per jest run: build the packages (integration tests run the compiled agent
 * as a real process), make sure the `hearth` user/group exists, and start a private
 * MariaDB that every test file shares (each file uses its own database in it).
 */
export default async function globalSetup(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('integration tests run as root (they create Linux users and run the agent)');
  // deploy/test.sh builds (and fails on type errors) before jest; this rebuild keeps
  // direct `npx jest` runs honest about the compiled agent they start. tsc still emits
  // when another part of the tree has type errors, so those do not block unrelated tests.
  try {
    execFileSync('npx', ['tsc', '-b', 'packages/shared', 'packages/agent', 'packages/api', 'packages/cli'], { cwd: join(__dirname, '..', '..'), stdio: 'inherit' });
  } catch {
    process.stderr.write('global-setup: the build reported errors (see above); running against what it emitted\n');
  }
  ensureSystemUsers();
  const base = mkdtempSync('/tmp/hearth-it-');
  chmodSync(base, 0o755);
  const { db } = await startMariaDb(join(base, 'mariadb'));
  process.env[MARIADB_ENV] = JSON.stringify(db);
  // Teardown runs in this same process: the environment carries what it must stop, so
  // overlapping jest runs never stop each other's MariaDB.
  process.env.HEARTH_TEST_BASE = base;
}
