import { promises as fs, closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorDetail } from '@hearth/shared';
import { dataSyncDescriptor, readJsonIfExists, syncDirectory } from '../system/durable-file';

export type OperationState = 'running' | 'succeeded' | 'failed';
export type StepStatus = 'started' | 'applied' | 'undoing' | 'undone';

export interface JournalEntry {
  id: string;
  kind: string;
  state: OperationState;
  /** The operation's input, enough to undo or finish it after a crash. Never secrets. */
  input: unknown;
  steps: { name: string; status: StepStatus }[];
  result?: unknown;
  error?: { code: string; message: string; step?: string; details?: ErrorDetail[] };
  startedAt: string;
  finishedAt?: string;
}

/** What the runner needs of a journal (FileJournal on disk; an in-memory one in unit tests). */
export interface Journal {
  read(id: string): Promise<JournalEntry | null>;
  write(entry: JournalEntry): Promise<void>;
}

/**
 * The agent's durable record of every operation, one file per operation id. Each state
 * transition appends the whole entry as one JSON line and fdatasyncs it (about 2 ms),
 * instead of rewriting a temp file, fsyncing it, renaming it and fsyncing the directory
 * (about 10 ms, twice per step: measured in bench/README.md). The last complete line is
 * the entry; a line torn by a crash is ignored, and since each transition is durable
 * before the step it announces runs, a torn line means that step never started. The
 * directory is fsynced once, when the operation's file is created, and the file stays
 * open (append-only) until the operation finishes: one write and one fdatasync per
 * transition, not an open and a close around them too. The open, append and close are
 * direct calls and only the fdatasync goes to the thread pool (durable-file.ts says why).
 *
 * Entries written as `{id}.json` by earlier versions (one rewritten document) are still
 * read, recovered and pruned.
 */
export class FileJournal implements Journal {
  private readonly dir: string;
  /** Running operations' files (descriptors), open for appending; each is in the directory durably. */
  private readonly appending = new Map<string, number>();

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'operations');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private logPath(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  private legacyPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  async read(id: string): Promise<JournalEntry | null> {
    let text: string;
    try {
      text = readFileSync(this.logPath(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return readJsonIfExists<JournalEntry>(this.legacyPath(id));
    }
    return lastEntry(text);
  }

  async write(entry: JournalEntry): Promise<void> {
    let fd = this.appending.get(entry.id);
    const opened = fd === undefined;
    fd ??= openSync(this.logPath(entry.id), 'a', 0o600);
    // Finished (or failing to write): no further appends, so the file need not stay open.
    let keep = false;
    try {
      writeFileSync(fd, `${JSON.stringify(entry)}\n`);
      await dataSyncDescriptor(fd);
      if (opened) await syncDirectory(this.dir);
      keep = entry.state === 'running';
    } finally {
      if (keep) this.appending.set(entry.id, fd);
      else {
        this.appending.delete(entry.id);
        closeSync(fd);
      }
    }
  }

  /** Operation ids with a file in the directory, either format. */
  private async ids(): Promise<string[]> {
    const names = await fs.readdir(this.dir);
    const ids = new Set<string>();
    for (const n of names) {
      if (n.startsWith('.')) continue;
      if (n.endsWith('.jsonl')) ids.add(n.slice(0, -6));
      else if (n.endsWith('.json')) ids.add(n.slice(0, -5));
    }
    return [...ids];
  }

  /**
   * Forgets finished operations older than `days`. Their ids are fresh UUIDs per request,
   * so a replay after that long is not a retry any caller makes.
   */
  async prune(days: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const id of await this.ids()) {
      const entry = await this.read(id).catch(() => null);
      if (!entry || entry.state === 'running' || !entry.finishedAt) continue;
      if (now - Date.parse(entry.finishedAt) > days * 86_400_000) {
        await fs.rm(this.logPath(id), { force: true });
        await fs.rm(this.legacyPath(id), { force: true });
        removed++;
      }
    }
    return removed;
  }

  async incomplete(): Promise<JournalEntry[]> {
    const entries = await Promise.all((await this.ids()).map((id) => this.read(id)));
    return entries.filter((e): e is JournalEntry => e !== null && e.state === 'running');
  }
}

/** The last line that parses: an append torn by a crash leaves a partial last line. */
function lastEntry(text: string): JournalEntry | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].trim() === '') continue;
    try {
      return JSON.parse(lines[i]) as JournalEntry;
    } catch {
      // Torn by a crash mid-append: the line before it is the entry.
    }
  }
  return null;
}
