import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordDirectoryCache } from './record-directory-cache';

interface Rec { name: string; v: number }

describe('RecordDirectoryCache', () => {
  let dir: string;
  let reads: number;
  const readAll = async (): Promise<Rec[]> => {
    reads++;
    return readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Rec);
  };
  const put = (r: Rec) => writeFileSync(join(dir, `${r.name}.json`), JSON.stringify(r));
  const names = (rs: Rec[]) => rs.map((r) => `${r.name}:${r.v}`).sort();
  const tick = () => new Promise((r) => setTimeout(r, 30)); // past the file system's timestamp granularity

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-records-'));
    reads = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the directory once; the writes it is told of are in the next list without reading again', async () => {
    put({ name: 'a', v: 1 });
    const cache = new RecordDirectoryCache(dir, readAll, (r) => r.name);
    expect(names(await cache.list())).toEqual(['a:1']);
    expect(names(await cache.list())).toEqual(['a:1']);
    expect(reads).toBe(1);
    await tick();
    put({ name: 'b', v: 1 });
    await cache.noted('b', { name: 'b', v: 1 });
    rmSync(join(dir, 'a.json'));
    await cache.noted('a', null);
    expect(names(await cache.list())).toEqual(['b:1']);
    expect(reads).toBe(1);
  });

  it('a file someone else adds or removes is seen: the directory changed behind its back', async () => {
    put({ name: 'a', v: 1 });
    const cache = new RecordDirectoryCache(dir, readAll, (r) => r.name);
    await cache.list();
    await tick();
    put({ name: 'intruder', v: 1 });
    expect(names(await cache.list())).toEqual(['a:1', 'intruder:1']);
    await tick();
    rmSync(join(dir, 'intruder.json'));
    expect(names(await cache.list())).toEqual(['a:1']);
    expect(reads).toBe(3);
  });

  it('a write reported while a full read runs is kept on top of what the read found', async () => {
    put({ name: 'a', v: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowRead = async (): Promise<Rec[]> => {
      const found = await readAll();
      await gate;
      return found;
    };
    const cache = new RecordDirectoryCache(dir, slowRead, (r) => r.name);
    const listing = cache.list();
    await tick();
    put({ name: 'a', v: 2 });
    const noting = cache.noted('a', { name: 'a', v: 2 });
    release();
    await noting;
    expect(names(await listing)).toEqual(['a:2']);
    expect(names(await cache.list())).toEqual(['a:2']);
  });

  it('concurrent lists share one full read', async () => {
    put({ name: 'a', v: 1 });
    const cache = new RecordDirectoryCache(dir, readAll, (r) => r.name);
    await Promise.all([cache.list(), cache.list(), cache.list()]);
    expect(reads).toBe(1);
  });
});
