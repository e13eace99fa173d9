import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ErrorDetail } from '@hearth/shared';
import { readJsonIfExists, writeFileDurably } from '../system/durable-file';

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
 * The agent's durable record of every operation: one JSON file per operation id,
 * rewritten atomically and fsynced at every step transition, so that after a crash the
 * agent knows exactly which steps may have run.
 */
export class FileJournal implements Journal {
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'operations');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  read(id: string): Promise<JournalEntry | null> {
    return readJsonIfExists<JournalEntry>(this.path(id));
  }

  write(entry: JournalEntry): Promise<void> {
    return writeFileDurably(this.path(entry.id), JSON.stringify(entry));
  }

  /**
   * Forgets finished operations older than `days`. Their ids are fresh UUIDs per request,
   * so a replay after that long is not a retry any caller makes.
   */
  async prune(days: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const f of (await fs.readdir(this.dir)).filter((n) => n.endsWith('.json'))) {
      const entry = await this.read(f.slice(0, -5)).catch(() => null);
      if (!entry || entry.state === 'running' || !entry.finishedAt) continue;
      if (now - Date.parse(entry.finishedAt) > days * 86_400_000) {
        await fs.rm(this.path(entry.id), { force: true });
        removed++;
      }
    }
    return removed;
  }

  async incomplete(): Promise<JournalEntry[]> {
    const files = (await fs.readdir(this.dir)).filter((f) => f.endsWith('.json'));
    const entries = await Promise.all(files.map((f) => this.read(f.slice(0, -5))));
    return entries.filter((e): e is JournalEntry => e !== null && e.state === 'running');
  }
}
