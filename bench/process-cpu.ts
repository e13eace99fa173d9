import { readFileSync } from 'node:fs';
import { procPids, readProcStat } from './proc-stat';

/**
 * CPU time spent by groups of processes between two snapshots, read from /proc (Linux).
 *
 * A process belongs to the group of its nearest ancestor (itself included) that is named in
 * `roots` (the API, the agent, PHP-FPM's and nginx's masters) or whose command name maps to a
 * group (`mariadbd` → mariadb, …), else to "other". Each process counts its own CPU and that of
 * the children it has reaped (cutime/cstime), so the short-lived programs the agent runs
 * (`nginx -t`, `useradd`, `postmap`, …) count for the agent. The whole machine's busy time
 * (/proc/stat) is there too: what no group shows (kernel threads, processes that ended
 * unreaped by a process alive at the second snapshot) is its difference.
 */

interface ProcCpu { pid: number; ppid: number; comm: string; started: number; ownTicks: number; reapedTicks: number }
export interface CpuSnapshot { busyTicks: number; procs: Map<number, ProcCpu> }

/** Ticks per second of /proc's utime/stime fields (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

function readProc(pid: string): ProcCpu | null {
  const stat = readProcStat(pid);
  if (!stat) return null;
  const f = stat.fields;
  const ownTicks = Number(f[11]) + Number(f[12]);
  return { pid: Number(pid), ppid: Number(f[1]), comm: stat.comm, started: Number(f[19]), ownTicks, reapedTicks: Number(f[13]) + Number(f[14]) };
}

function machineBusyTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: everything but idle and iowait.
  return cpu.slice(0, 8).reduce((a, b) => a + b, 0) - cpu[3] - cpu[4];
}

/**
 * Waits until the machine is quiet: less than `busyShare` of its CPU in use over two windows
 * in a row (what work a fill step left behind, such as certificates still being issued and
 * their deferred reloads, has finished). Gives up after `maxMs`; returns whether it got quiet.
 */
export async function waitForQuiet(busyShare = 0.15, maxMs = 30_000, windowMs = 250): Promise<boolean> {
  const cores = Number(readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d/.test(l)).length) || 1;
  const deadline = Date.now() + maxMs;
  let quietWindows = 0;
  while (Date.now() < deadline) {
    const before = machineBusyTicks();
    await new Promise((r) => setTimeout(r, windowMs));
    const share = (machineBusyTicks() - before) / TICKS_PER_SECOND / (cores * windowMs / 1000);
    quietWindows = share < busyShare ? quietWindows + 1 : 0;
    if (quietWindows >= 2) return true;
  }
  return false;
}

export function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, ProcCpu>();
  for (const name of procPids()) {
    const p = readProc(name);
    if (p) procs.set(p.pid, p);
  }
  return { busyTicks: machineBusyTicks(), procs };
}

export interface CpuGroups {
  /** pid → group, for processes whose descendants belong with them. */
  roots: Map<number, string>;
  /** command name → group, for daemons found anywhere else. */
  commands: Record<string, string>;
  /**
   * Groups rooted in a Node process whose other programs (running, or reaped: `nginx -t`,
   * `useradd`, …) are shown apart, under the name given here.
   */
  programsOf?: Record<string, string>;
}

function groupOf(p: ProcCpu, snap: CpuSnapshot, g: CpuGroups): string {
  if (p.pid === 2 || p.ppid === 2) return 'kernel';
  for (let q: ProcCpu | undefined = p, hops = 0; q && hops < 64; q = snap.procs.get(q.ppid), hops++) {
    const name = g.roots.get(q.pid) ?? g.commands[q.comm];
    if (name) return name;
  }
  return 'other';
}

const isSame = (a: ProcCpu | undefined, b: ProcCpu | undefined): boolean => a !== undefined && b !== undefined && a.started === b.started;

/**
 * What a process's reaped children had already spent at `before`: counted then (as their
 * own), and now again in the parent's cutime/cstime once the parent has reaped them.
 */
function reapedAlreadyCounted(before: CpuSnapshot, after: CpuSnapshot): Map<number, number> {
  const counted = new Map<number, number>();
  for (const child of before.procs.values()) {
    if (isSame(child, after.procs.get(child.pid))) continue; // still running
    const parent = after.procs.get(child.ppid);
    if (!isSame(parent, before.procs.get(child.ppid))) continue;
    counted.set(child.ppid, (counted.get(child.ppid) ?? 0) + child.ownTicks + child.reapedTicks);
  }
  return counted;
}

/** Seconds of CPU per group between `before` and `after`, and the machine's busy seconds. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, g: CpuGroups): { machine: number; groups: Record<string, number> } {
  const groups: Record<string, number> = {};
  const add = (name: string, ticks: number) => {
    if (ticks > 0) groups[name] = (groups[name] ?? 0) + ticks / TICKS_PER_SECOND;
  };
  const counted = reapedAlreadyCounted(before, after);
  for (const p of after.procs.values()) {
    // A pid reused meanwhile is another process (kernel threads rename themselves: not the test).
    const was = before.procs.get(p.pid);
    const same = isSame(was, p) ? was : undefined;
    const own = p.ownTicks - (same?.ownTicks ?? 0);
    const reaped = p.reapedTicks - (same?.reapedTicks ?? 0) - (same ? counted.get(p.pid) ?? 0 : 0);
    const name = groupOf(p, after, g);
    const programs = g.programsOf?.[name] ?? name;
    add(p.comm === 'node' ? name : programs, own);
    add(programs, reaped);
  }
  return { machine: (after.busyTicks - before.busyTicks) / TICKS_PER_SECOND, groups };
}
