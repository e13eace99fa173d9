import { readFileSync, readdirSync } from 'node:fs';

/** Resident memory of processes, read from /proc (Linux). */

interface Proc { pid: number; ppid: number; rssKb: number; cmdline: string }

function readProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      out.push({ pid: Number(name), ppid: Number(fields[1]), rssKb: rss ? Number(rss[1]) : 0, cmdline });
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}

/** RSS in MB of each root pid and all its descendants, and how many processes that is. */
export function treeRss(roots: number[]): { mb: number; processes: number } {
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const seen = new Set<number>();
  let kb = 0;
  const visit = (p: Proc | undefined) => {
    if (!p || seen.has(p.pid)) return;
    seen.add(p.pid);
    kb += p.rssKb;
    for (const c of children.get(p.pid) ?? []) visit(c);
  };
  for (const pid of roots) visit(procs.find((p) => p.pid === pid));
  return { mb: kb / 1024, processes: seen.size };
}

/** Pids of processes whose command line contains `needle` (e.g. "agent/dist/main.js"). */
export function pidsMatching(needle: string): number[] {
  return readProcs().filter((p) => p.cmdline.includes(needle) && p.pid !== process.pid).map((p) => p.pid);
}

export function pidFromFile(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid > 1 ? pid : null;
  } catch {
    return null;
  }
}
