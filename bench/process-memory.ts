import { readFileSync, readlinkSync } from 'node:fs';
import { procPids, readProcStat } from './proc-stat';

/** Resident memory of processes, read from /proc (Linux). */

interface Proc { pid: number; ppid: number; rssKb: number; cmdline: string; exe: string }

function readProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of procPids()) {
    try {
      const stat = readProcStat(name);
      if (!stat) continue;
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      let exe = '';
      try {
        exe = readlinkSync(`/proc/${name}/exe`);
      } catch {
        /* a zombie, or not ours to read */
      }
      out.push({ pid: Number(name), ppid: Number(stat.fields[1]), rssKb: rss ? Number(rss[1]) : 0, cmdline, exe });
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}

/** Proportional set size in kB: each shared page divided among the processes mapping it. */
function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const isNode = (exe: string) => /\/node(js)?[\d.]*$/.test(exe);

/**
 * RSS in MB of each root pid and its long-lived helpers, and how many processes that is.
 *
 * A descendant counts when it runs the root's own program: PHP-FPM's and nginx's workers.
 * Everything else below a root is a short-lived program it runs and waits for (the agent's
 * `php-fpm -t`, `nginx -t`, `useradd`, `pgrep`, `postmap`, …): it is not memory the root
 * holds, and counted at the sampling instant it made the agent's figure jump by whatever
 * happened to be running (up to 60 MB with three `php-fpm -t` at once). A Node root has no
 * such helpers: a child running Node is a fork caught before it exec'd its program, whose
 * pages are the parent's own (shared), and counting it showed the agent's RSS twice.
 * `otherMb`/`otherProcesses` are the short-lived rest, for whoever wants to see them.
 * `pssMb` is the same processes' proportional set size: RSS counts every shared library page
 * in every process that has touched it (a PHP-FPM master started in the foreground shows
 * about 25 MB of RSS, 18 MB of it libraries shared with the other masters; a daemonized
 * one, whose pages were not faulted in again after its fork, about 8 MB).
 */
export function treeRss(roots: number[]): { mb: number; pssMb: number; processes: number; otherMb: number; otherProcesses: number } {
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const seen = new Set<number>();
  let kb = 0;
  let pss = 0;
  let processes = 0;
  let otherKb = 0;
  let otherProcesses = 0;
  const visit = (p: Proc | undefined, root: Proc) => {
    if (!p || seen.has(p.pid)) return;
    seen.add(p.pid);
    if (p === root || (p.exe !== '' && p.exe === root.exe && !isNode(root.exe))) {
      kb += p.rssKb;
      pss += pssKb(p.pid);
      processes++;
    } else {
      otherKb += p.rssKb;
      otherProcesses++;
    }
    for (const c of children.get(p.pid) ?? []) visit(c, root);
  };
  // A root whose parent is a root too (a fork matched by its command line) is that parent's.
  const rootSet = new Set(roots);
  for (const pid of roots) {
    const root = procs.find((p) => p.pid === pid);
    if (root && !rootSet.has(root.ppid)) visit(root, root);
  }
  return { mb: kb / 1024, pssMb: pss / 1024, processes, otherMb: otherKb / 1024, otherProcesses };
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
