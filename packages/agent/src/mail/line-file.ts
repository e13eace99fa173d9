import { promises as fs, chmodSync, chownSync, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFileDurably } from '../system/durable-file';
import { KeyedMutex } from '../system/keyed-mutex';

/**
 * Edits line-oriented files (Postfix maps, Dovecot passwd-files). Every edit of one file
 * is serialised by an in-process lock, reads the current content, and replaces the file
 * atomically (temp file + fsync + rename), so parallel edits never lose each other's
 * lines and a crash leaves the old or the new file, never a torn one. `afterWrite` runs
 * under the same lock whether or not the text changed (pure-ftpd's accounts compile their
 * PureDB there), so a crash between the rename and the compile is repaired by the next edit.
 */
export class LineFile {
  private static readonly locks = new KeyedMutex();

  /**
   * `group` resolves the gid that owns the file (Dovecot's auth group). `distinctMtime`
   * is for files Dovecot's passwd-file driver reads. That driver re-stats its file at most
   * once per second and reloads only when the mtime (whole seconds) or the size changed,
   * so two same-size writes in one second (a password change) would go unnoticed. Each
   * write therefore gets an mtime second of its own, and edit() resolves only once the
   * clock has passed into the next second, when every later login sees the new file:
   * a mailbox is usable, suspended or gone when the operation returns.
   */
  constructor(
    readonly path: string,
    private readonly mode: number,
    private readonly group?: () => Promise<number>,
    private readonly distinctMtime = false,
    /** Runs under the file's lock after each group of edits, told whether the text changed. */
    private readonly afterWrite?: (changed: boolean) => Promise<void>,
  ) {}

  async lines(): Promise<string[]> {
    try {
      return readFileSync(this.path, 'utf8').split('\n').filter((l) => l.length > 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  private async bumpMtime(previous: number): Promise<void> {
    const now = Math.floor(statSync(this.path).mtimeMs / 1000);
    if (now > previous) return;
    const next = previous + 1;
    await fs.utimes(this.path, next, next);
  }

  /** Creates the file when missing and resets its owner group and mode (start-up repair). */
  async ensure(): Promise<void> {
    await this.edit((l) => l);
    if (this.group) await fs.chown(this.path, 0, await this.group());
    await fs.chmod(this.path, this.mode);
  }

  /**
   * Applies `change` to the lines and writes them only when something changed. Edits that
   * arrive while this file is being written are grouped: their changes are applied one
   * after another to the same lines, written once and `afterWrite` runs once for all of
   * them, so ten creates in flight cost one rewrite of the file, not ten. Each edit
   * learns whether its own change changed anything; a change that throws fails alone.
   */
  async edit(change: (lines: string[]) => string[]): Promise<boolean> {
    const changed = await new Promise<boolean>((resolve, reject) => {
      this.queue.push({ change, resolve, reject });
      if (!this.draining) void this.drain();
    });
    // Outside the lock, so parallel edits share the wait instead of queueing behind it.
    if (changed && this.distinctMtime) await waitForNextSecond();
    return changed;
  }

  private queue: PendingEdit[] = [];
  private draining = false;

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0);
        try {
          const results = await this.editLocked(group.map((g) => g.change));
          group.forEach((g, i) => ('error' in results[i] ? g.reject(results[i].error) : g.resolve(results[i].changed as boolean)));
        } catch (e) {
          for (const g of group) g.reject(e);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private editLocked(changes: ((lines: string[]) => string[])[]): Promise<({ changed: boolean } | { error: unknown })[]> {
    return LineFile.locks.run(this.path, async () => {
      // Any failure to stat counts as absent (the file is then written anew), as existsSync answers.
      const exists = existsSync(this.path);
      const before = await this.lines();
      let current = before;
      const each: ({ changed: boolean } | { error: unknown })[] = [];
      for (const change of changes) {
        try {
          const next = change([...current]);
          for (const line of next) if (/[\r\n\0]/.test(line)) throw new Error('refusing a line with a line break or NUL');
          each.push({ changed: !sameLines(current, next) });
          current = next;
        } catch (error) {
          each.push({ error });
        }
      }
      const changed = !exists || !sameLines(before, current);
      const previousMtime = this.distinctMtime && exists ? Math.floor(statSync(this.path).mtimeMs / 1000) : null;
      if (changed) {
        await writeFileDurably(this.path, current.length ? `${current.join('\n')}\n` : '', this.mode);
        if (this.group) chownSync(this.path, 0, await this.group());
        chmodSync(this.path, this.mode);
        if (previousMtime !== null) await this.bumpMtime(previousMtime);
      }
      // Under the same lock whether or not the text changed (a compiled copy may be stale).
      if (this.afterWrite) await this.afterWrite(changed);
      // A missing file was created: the first edit (the start-up ensure()) counts it as a change.
      if (!exists && each.length > 0 && 'changed' in each[0]) each[0] = { changed: true };
      return each;
    });
  }
}

interface PendingEdit {
  change: (lines: string[]) => string[];
  resolve: (changed: boolean) => void;
  reject: (e: unknown) => void;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

async function waitForNextSecond(): Promise<void> {
  const ms = 1000 - (Date.now() % 1000) + 20;
  await new Promise((r) => setTimeout(r, ms));
}

/** Replaces the line with this key (or appends it), keeping every other line in place. */
export function upsertLine(lines: string[], key: string, line: string, keyOf: (l: string) => string): string[] {
  const index = lines.findIndex((l) => keyOf(l) === key);
  if (index === -1) return [...lines, line];
  const next = [...lines];
  next[index] = line;
  return next.filter((l, i) => i === index || keyOf(l) !== key);
}
