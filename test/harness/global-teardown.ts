import { rmSync } from 'node:fs';
import { testMariaDb } from './mariadb';
import { reapUnder } from './reaper';

export default async function globalTeardown(): Promise<void> {
  const base = process.env.HEARTH_TEST_BASE!;
  const mariadbPid = testMariaDb().pid;
  try {
    process.kill(mariadbPid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(mariadbPid, 0);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      break;
    }
  }
  // Whatever a test file left running (a failed start, a forgotten stop) ends here, so jest
  // exits by itself and no daemon outlives the run.
  const leftovers = await reapUnder([base]);
  if (leftovers.length) process.stderr.write(`global-teardown: stopped ${leftovers.length} leftover processes: ${leftovers.slice(0, 20).join(' ')}\n`);
  const users = (await import('./names')).removeUsersHomedUnder(base);
  if (users.length) process.stderr.write(`global-teardown: removed ${users.length} leftover Linux users: ${users.slice(0, 20).join(' ')}\n`);
  (await import('./log-secrets-check')).assertNoSecretsInLogs(base);
  if (process.env.HEARTH_TEST_KEEP !== '1') rmSync(base, { recursive: true, force: true });
}
