import { promises as fs } from 'node:fs';

/** How many /proc/PID/status files are read at once. */
const BATCH = 64;

/**
 * True when the "Uid:" line of a /proc/PID/status text names `uid` as the real, effective,
 * saved or filesystem uid: any of the four lets the process act as the user (pgrep -u
 * and -U together looked at two). The last "Uid:" line: the kernel prints it after the
 * process's name, which is the customer's to choose (the kernel escapes a newline in it,
 * and the name could not hide a process from the first pass anyway, see stopUserProcesses).
 */
export function statusHasUid(status: string, uid: number): boolean {
  const at = status.lastIndexOf('\nUid:');
  if (at < 0) return false;
  const end = status.indexOf('\n', at + 1);
  const ids = status.slice(at + 5, end < 0 ? undefined : end).trim().split(/\s+/);
  return ids.some((id) => Number(id) === uid);
}

/**
 * Pids of the processes running as `uid` (see statusHasUid), read from /proc by the agent
 * itself: a delete asked pgrep twice and pkill twice, four programs (about 12 ms each, and
 * the spawner's fork) whose work is this scan. A process that ends while it is read is
 * not listed.
 */
export async function processesOfUid(uid: number): Promise<number[]> {
  const pids = (await fs.readdir('/proc')).filter((name) => /^[0-9]+$/.test(name));
  const found: number[] = [];
  for (let i = 0; i < pids.length; i += BATCH) {
    const texts = await Promise.all(pids.slice(i, i + BATCH).map((pid) => fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')));
    texts.forEach((text, k) => {
      if (statusHasUid(text, uid)) found.push(Number(pids[i + k]));
    });
  }
  return found;
}

/** SIGKILL to each pid; one that has ended since it was listed is skipped. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }
}
