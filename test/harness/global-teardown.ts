import { readFileSync, rmSync } from 'node:fs';
import { STATE_FILE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const { base, mariadbPid } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { base: string; mariadbPid: number };
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
  if (process.env.HEARTH_TEST_KEEP !== '1') rmSync(base, { recursive: true, force: true });
}
