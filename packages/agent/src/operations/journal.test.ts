import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FileJournal, JournalEntry } from './journal';

function entry(id: string, state: JournalEntry['state'], finishedAt?: string): JournalEntry {
  return { id, kind: 'create_account', state, input: {}, steps: [], startedAt: '2026-01-01T00:00:00Z', finishedAt };
}

describe('FileJournal', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'journal-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('prune forgets only finished operations older than the cut-off', async () => {
    const journal = new FileJournal(dir);
    await journal.init();
    const now = Date.parse('2026-11-22T00:00:00Z');
    await journal.write(entry('old-done-0001', 'succeeded', '2026-09-01T00:00:00Z'));
    await journal.write(entry('old-fail-0001', 'failed', '2026-09-01T00:00:00Z'));
    await journal.write(entry('new-done-0001', 'succeeded', '2026-11-20T00:00:00Z'));
    await journal.write(entry('running-00001', 'running'));
    expect(await journal.prune(30, now)).toBe(2);
    expect(readdirSync(join(dir, 'operations')).sort()).toEqual(['new-done-0001.jsonl', 'running-00001.jsonl']);
    expect((await journal.incomplete()).map((e) => e.id)).toEqual(['running-00001']);
  });

  test('an entry is its last complete line: a line torn by a crash is ignored', async () => {
    const journal = new FileJournal(dir);
    await journal.init();
    const e = entry('torn-line-001', 'running');
    e.steps.push({ name: 'a', status: 'started' });
    await journal.write(e);
    e.steps[0].status = 'applied';
    await journal.write(e);
    appendFileSync(join(dir, 'operations', 'torn-line-001.jsonl'), '{"id":"torn-line-001","kind":"crea');
    expect((await journal.read('torn-line-001'))?.steps).toEqual([{ name: 'a', status: 'applied' }]);
    expect((await journal.incomplete()).map((x) => x.id)).toEqual(['torn-line-001']);
  });

  test('entries of the earlier one-document format are still read, recovered and pruned', async () => {
    const journal = new FileJournal(dir);
    await journal.init();
    writeFileSync(join(dir, 'operations', 'legacy-run-01.json'), JSON.stringify(entry('legacy-run-01', 'running')));
    writeFileSync(join(dir, 'operations', 'legacy-old-01.json'), JSON.stringify(entry('legacy-old-01', 'succeeded', '2026-09-01T00:00:00Z')));
    expect((await journal.read('legacy-run-01'))?.state).toBe('running');
    expect((await journal.incomplete()).map((x) => x.id)).toEqual(['legacy-run-01']);
    expect(await journal.prune(30, Date.parse('2026-11-22T00:00:00Z'))).toBe(1);
    expect(readdirSync(join(dir, 'operations'))).toEqual(['legacy-run-01.json']);
  });
});
