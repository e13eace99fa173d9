import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { inTurns } from '../system/in-turns';

/** How many /proc/PID/status files are read between two turns of the event loop. */
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
 * the spawner's fork) whose work is this scan. Synchronous reads (inTurns): one promise
 * per file cost three times the CPU (8–15 against 3–4.5 ms for 74 processes). A process
 * that ends while it is read is not listed.
 */
export async function processesOfUid(uid: number): Promise<number[]> {
  const pids = readdirSync('/proc').filter((name) => /^[0-9]+$/.test(name));
  const found: number[] = [];
  await inTurns(pids, BATCH, (pid) => {
    if (statusHasUid(readStatus(pid), uid)) found.push(Number(pid));
  });
  return found;
}

/** One buffer for every status file: the text is about 1.5 KB, and the Uid line comes early. */
const statusBuffer = Buffer.allocUnsafe(4096);

/**
 * open, one read, close: readFileSync also fstats the file, reads again until it sees the
 * end (procfs reports size 0) and allocates for each file, which made a scan of 71
 * processes cost 2.4–3.7 ms of CPU against 1.0–1.2 this way (bench/README.md, eighteenth pass).
 */
function readStatus(pid: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/status`, 'r');
    return statusBuffer.toString('latin1', 0, readSync(fd, statusBuffer, 0, statusBuffer.length, 0));
  } catch {
    return ''; // ended since /proc was listed
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
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
