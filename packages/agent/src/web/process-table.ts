import { promises as fs, readFileSync } from 'node:fs';

/** Reads a pid file (a direct read: reloads poll it); null when it is missing or does not hold a pid. */
export async function readPidFile(path: string): Promise<number | null> {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The kernel's list of a single-threaded process's children (/proc/PID/task/PID/children):
 * a reload waits by polling this every 15 ms, and scanning all of /proc instead cost a
 * tenth of the agent's CPU on a busy host. null when the kernel does not offer the file.
 */
async function kernelChildren(parent: number): Promise<number[] | null> {
  try {
    const text = await fs.readFile(`/proc/${parent}/task/${parent}/children`, 'utf8');
    return text.split(/\s+/).filter((p) => /^[0-9]+$/.test(p)).map(Number);
  } catch {
    return null;
  }
}

/** Pids of the direct children of `parent`, with their titles (nginx: "nginx: worker process"). */
export async function childrenOf(parent: number): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  const listed = await kernelChildren(parent);
  if (listed) {
    for (const pid of listed) {
      try {
        result.set(pid, (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim());
      } catch {
        // The process ended while we looked: not a child any more.
      }
    }
    return result;
  }
  for (const name of await fs.readdir('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command, which may itself contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const cmdline = (await fs.readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim();
      result.set(Number(name), cmdline);
    } catch {
      // The process ended while we looked: not a child any more.
    }
  }
  return result;
}

export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}
