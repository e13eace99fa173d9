import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as durable from '../system/durable-file';
import { LineFile, upsertLine } from './line-file';

jest.mock('../system/durable-file', () => {
  const actual = jest.requireActual<typeof durable>('../system/durable-file');
  return { ...actual, writeFileDurably: jest.fn(actual.writeFileDurably) };
});
const writes = jest.mocked(durable.writeFileDurably);

const key = (l: string): string => l.split(' ')[0];

describe('LineFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-linefile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every line when 50 edits run in parallel', async () => {
    const path = join(dir, 'vmailbox');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => new LineFile(path, 0o644).edit((lines) => upsertLine(lines, `u${i}`, `u${i} v`, key))),
    );
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(50);
    expect(new Set(lines).size).toBe(50);
    expect(readdirSync(dir)).toEqual(['vmailbox']); // no temp files left behind
  });

  it('writes with the requested mode and only when something changed', async () => {
    const calls: boolean[] = [];
    const file = new LineFile(join(dir, 'users'), 0o600, undefined, false, async (c) => {
      calls.push(c);
    });
    expect(await file.edit((l) => [...l, 'a 1'])).toBe(true);
    expect(await file.edit((l) => l)).toBe(false);
    expect(calls).toEqual([true, false]);
    expect(statSync(join(dir, 'users')).mode & 0o777).toBe(0o600);
  });

  it('gives every write of a Dovecot file its own mtime second and returns after that second', async () => {
    const path = join(dir, 'users');
    const file = new LineFile(path, 0o640, undefined, true);
    await file.edit(() => ['a:{SHA512-CRYPT}x1']);
    const first = Math.floor(statSync(path).mtimeMs / 1000);
    await file.edit(() => ['a:{SHA512-CRYPT}x2']); // same size: only the mtime tells Dovecot
    const second = Math.floor(statSync(path).mtimeMs / 1000);
    expect(second).toBeGreaterThan(first);
    expect(Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(second);
  });

  it('groups edits that arrive together: one write, one afterWrite, each told whether it changed anything', async () => {
    const path = join(dir, 'vdomains');
    let hooks = 0;
    const file = new LineFile(path, 0o644, undefined, false, async () => {
      hooks++;
    });
    await file.edit(() => ['x 1']);
    writes.mockClear();
    hooks = 0;
    const results = await Promise.all([
      file.edit((l) => upsertLine(l, 'a', 'a 1', key)),
      file.edit((l) => upsertLine(l, 'b', 'b 1', key)),
      file.edit(() => { throw new Error('bad change'); }).catch((e: Error) => e.message),
      file.edit((l) => l),
      file.edit((l) => upsertLine(l, 'c', 'c 1', key)),
    ]);
    // The first edit runs alone; the four queued behind it form one group.
    expect(results).toEqual([true, true, 'bad change', false, true]);
    expect(writes).toHaveBeenCalledTimes(2);
    expect(hooks).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe('x 1\na 1\nb 1\nc 1\n');
  });

  it('refuses a line that would smuggle in another line', async () => {
    const file = new LineFile(join(dir, 'users'), 0o600);
    await expect(file.edit(() => ['a 1\nb 2'])).rejects.toThrow('line break');
  });

  it('upsert replaces in place and removes duplicates of the key', () => {
    expect(upsertLine(['a 1', 'b 1', 'a 2'], 'a', 'a 3', key)).toEqual(['a 3', 'b 1']);
    expect(upsertLine(['b 1'], 'a', 'a 3', key)).toEqual(['b 1', 'a 3']);
  });
});
