import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FileJournal, JournalEntry } from './journal';

function entry(id: string, state: JournalEntry['state'], finishedAt?: string): JournalEntry {
  return { id, kind: 'create_account', state, input: {}, steps: [], startedAt: '2026-01-01T00:00:00Z', finishedAt };
}

describe('FileJournal', () => {
  test('prune forgets only finished operations older than the cut-off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const journal = new FileJournal(dir);
    await journal.init();
    const now = Date.parse('2026-11-22T00:00:00Z');
    await journal.write(entry('old-done-0001', 'succeeded', '2026-09-01T00:00:00Z'));
    await journal.write(entry('old-fail-0001', 'failed', '2026-09-01T00:00:00Z'));
    await journal.write(entry('new-done-0001', 'succeeded', '2026-11-20T00:00:00Z'));
    await journal.write(entry('running-00001', 'running'));
    expect(await journal.prune(30, now)).toBe(2);
    expect(readdirSync(join(dir, 'operations')).sort()).toEqual(['new-done-0001.json', 'running-00001.json']);
    expect((await journal.incomplete()).map((e) => e.id)).toEqual(['running-00001']);
  });
});
