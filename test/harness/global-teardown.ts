import { rmSync } from 'node:fs';
import { testMariaDb } from './mariadb';

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
  (await import('./log-secrets-check')).assertNoSecretsInLogs(base);
  if (process.env.HEARTH_TEST_KEEP !== '1') rmSync(base, { recursive: true, force: true });
}
