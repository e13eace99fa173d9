/**
 * Calls `each` on every item synchronously, `size` items per turn of the event loop. For
 * many small synchronous file-system calls on the agent's hot paths (a stat per vhost, a
 * read per process): one promise per call cost three to four times the CPU (bench/README.md,
 * tenth and twelfth passes), and yielding between turns keeps the agent answering meanwhile.
 */
export async function inTurns<T>(items: readonly T[], size: number, each: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    for (const item of items.slice(i, i + size)) each(item);
  }
}
