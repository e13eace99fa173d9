import { readFileSync, readdirSync } from 'node:fs';

/** Pids of the processes /proc lists now. */
export function procPids(): string[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name));
}

/**
 * /proc/PID/stat: the command name, and the fields after it counted from `state` = 0
 * (ppid 1, utime 11, stime 12, cutime 13, cstime 14, starttime 19). The name is in
 * parentheses and may itself hold spaces or parentheses, hence the last `)`. Null when the
 * process ended meanwhile.
 */
export function readProcStat(pid: string | number): { comm: string; fields: string[] } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
  } catch {
    return null;
  }
}
