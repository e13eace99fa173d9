import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Certificates the agent is still ordering or installing: records in `pending` state in
 * `{stateDir}/tls/status/` (the directory beside the reload counters' file). A create
 * answers before its certificate is issued, so after a burst of creates this work goes
 * on for a while, ordering from the CA and sharing nginx reloads with whatever comes next.
 */
export function pendingCertificates(statsFile: string): number {
  return certificatesIn(statsFile, 'pending');
}

/** Certificates in place (`issued`): what a CA that still answers adds to. */
export function issuedCertificates(statsFile: string): number {
  return certificatesIn(statsFile, 'issued');
}

function certificatesIn(statsFile: string, state: string): number {
  const dir = join(dirname(statsFile), 'tls', 'status');
  let count = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0; // TLS off, or nothing ordered yet
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      if ((JSON.parse(readFileSync(join(dir, name), 'utf8')) as { state?: string }).state === state) count++;
    } catch {
      // removed or being replaced meanwhile
    }
  }
  return count;
}

/** Waits (up to `maxMs`) until no certificate is pending; returns how many still are. */
export async function waitForCertificates(statsFile: string, maxMs = 180_000): Promise<number> {
  const deadline = Date.now() + maxMs;
  let pending = pendingCertificates(statsFile);
  while (pending > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    pending = pendingCertificates(statsFile);
  }
  return pending;
}
