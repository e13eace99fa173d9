import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The suite's last line of defence against leftover daemons: every process whose command
 * line, environment or working directory names one of the suite's temp roots, and every
 * descendant of such a process (nginx and PHP-FPM workers, Postfix and Dovecot children,
 * customers' PHP), is stopped. A daemon that a failed start or a failed test left behind
 * would otherwise keep jest from exiting and hold ports and users for the next run.
 */
interface ProcInfo {
  pid: number;
  ppid: number;
  name: string;
  marks: string;
}

function readOr(file: string, fallback = ''): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return fallback;
  }
}

function processTable(): ProcInfo[] {
  const table: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOr(`/proc/${entry}/stat`);
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${entry}/cwd`);
    } catch {
      /* a process that just exited, or a kernel thread */
    }
    const marks = `${readOr(`/proc/${entry}/cmdline`)}\0${readOr(`/proc/${entry}/environ`)}\0${cwd}`;
    table.push({ pid: Number(entry), ppid, name: stat.slice(stat.indexOf('(') + 1, close), marks });
  }
  return table;
}

function ancestorsOfSelf(table: ProcInfo[]): Set<number> {
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const mine = new Set<number>();
  for (let pid: number | undefined = process.pid; pid && !mine.has(pid); pid = byPid.get(pid)?.ppid) mine.add(pid);
  return mine;
}

/** The processes that belong to any of `roots`, with all their descendants (never this process or its ancestors). */
export function processesUnder(roots: string[]): ProcInfo[] {
  // An empty or relative root would match every process on the machine.
  if (roots.some((r) => !r || !r.startsWith('/') || r.length < 8)) throw new Error(`refusing to reap under ${JSON.stringify(roots)}`);
  const table = processTable();
  const spared = ancestorsOfSelf(table);
  const chosen = new Set(table.filter((p) => !spared.has(p.pid) && roots.some((r) => p.marks.includes(r))).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (!chosen.has(p.pid) && chosen.has(p.ppid) && !spared.has(p.pid)) {
        chosen.add(p.pid);
        grew = true;
      }
    }
  }
  return table.filter((p) => chosen.has(p.pid));
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** Stops everything under `roots` (TERM, then KILL after `graceMs`); returns what it found, as "name[pid]". */
export async function reapUnder(roots: string[], graceMs = 3000): Promise<string[]> {
  const found = processesUnder(roots);
  if (found.length === 0) return [];
  const pids = found.map((p) => p.pid);
  signal(pids, 'SIGTERM');
  // Workers whose master exited are re-parented and lose their mark: keep the first list.
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const until = Date.now() + graceMs;
  while (Date.now() < until && pids.some(alive)) await new Promise((r) => setTimeout(r, 100));
  signal([...new Set([...pids.filter(alive), ...processesUnder(roots).map((p) => p.pid)])], 'SIGKILL');
  return found.map((p) => `${p.name}[${p.pid}]`);
}
