import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareHost } from './prepare-host';
import { StartedParts } from './started-parts';
import type { TestMariaDb } from '../test/harness/mariadb';

/**
 * The start every private stack shares: the host prepared (prepareHost), a directory of its
 * own under /tmp and a private MariaDB in it (not jest's shared global state), announced to
 * the harness through its environment variables. `parts` stops both again; the caller adds
 * what it starts next and uses it for its own failure and close.
 */
export async function privateBase(prefix: string): Promise<{ base: string; db: TestMariaDb; parts: StartedParts }> {
  await prepareHost();
  const { MARIADB_ENV, startMariaDb, stopMariaDb } = await import('../test/harness/mariadb');
  const base = mkdtempSync(prefix);
  chmodSync(base, 0o755);
  const parts = new StartedParts();
  parts.guardInterrupts();
  parts.add(async () => rmSync(base, { recursive: true, force: true }));
  try {
    const { db } = await parts.start(startMariaDb(join(base, 'mariadb')).then((m) => ({ ...m, stop: () => stopMariaDb(m.db) })));
    process.env[MARIADB_ENV] = JSON.stringify(db);
    process.env.HEARTH_TEST_BASE = base;
    return { base, db, parts };
  } catch (e) {
    await parts.stopAll();
    throw e;
  }
}
