import { promises as fs } from 'node:fs';
import { writeFileDurably } from '../system/durable-file';
import { KeyedMutex } from '../system/keyed-mutex';

/**
 * Edits line-oriented files (Postfix maps, Dovecot passwd-files). Every edit of one file
 * is serialised by an in-process lock, reads the current content, and replaces the file
 * atomically (temp file + fsync + rename), so parallel edits never lose each other's
 * lines and a crash leaves the old or the new file, never a torn one. `after` runs under
 * the same lock whether or not the text changed (postmap decides whether its compiled map
 * is stale), so a crash between the rename and postmap is repaired by the next edit.
 */
export class LineFile {
  private static readonly locks = new KeyedMutex();

  constructor(readonly path: string, private readonly mode: number) {}

  async lines(): Promise<string[]> {
    try {
      return (await fs.readFile(this.path, 'utf8')).split('\n').filter((l) => l.length > 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /** Applies `change` to the lines and writes them only when something changed. */
  async edit(change: (lines: string[]) => string[], after?: (changed: boolean) => Promise<void>): Promise<boolean> {
    return LineFile.locks.run(this.path, async () => {
      const exists = await fs.stat(this.path).then(() => true, () => false);
      const before = await this.lines();
      const next = change([...before]);
      const changed = !exists || next.length !== before.length || next.some((l, i) => l !== before[i]);
      if (changed) {
        for (const line of next) if (/[\r\n\0]/.test(line)) throw new Error('refusing a line with a line break or NUL');
        await writeFileDurably(this.path, next.length ? `${next.join('\n')}\n` : '', this.mode);
        await fs.chmod(this.path, this.mode);
      }
      if (after) await after(changed);
      return changed;
    });
  }
}

/** Replaces the line with this key (or appends it), keeping every other line in place. */
export function upsertLine(lines: string[], key: string, line: string, keyOf: (l: string) => string): string[] {
  const index = lines.findIndex((l) => keyOf(l) === key);
  if (index === -1) return [...lines, line];
  const next = [...lines];
  next[index] = line;
  return next.filter((l, i) => i === index || keyOf(l) !== key);
}
