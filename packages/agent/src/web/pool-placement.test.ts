import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PoolPlacement } from './pool-placement';
import { shardOf } from './web-config';

describe('PoolPlacement (which PHP-FPM master holds a pool)', () => {
  let root: string;
  const php = (shards: number) => ({ shards, versions: ['8.2'], poolDirPattern: join(root, '{version}', 'shard-{shard}', 'pool.d') });
  const account = (n: number | string) => ({ username: `user${n}`, domain: `site${n}.example` });
  const poolFile = (shard: number, domain: string) => {
    const dir = join(root, '8.2', `shard-${shard}`, 'pool.d');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${domain}.conf`), '; pool\n');
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hearth-placement-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('creates at the same time go to one master; the masters stay within the slack of each other', () => {
    const p = new PoolPlacement(php(4), 2).load();
    const shards = Array.from({ length: 12 }, (_, i) => p.place(account(i)));
    // Three to a master before the next is filled: a batch of concurrent creates shares one reload.
    expect(shards).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
    for (let i = 12; i < 400; i++) p.place(account(i));
    expect(Math.max(...p.sizes) - Math.min(...p.sizes)).toBeLessThanOrEqual(3);
  });

  test('a placed pool stays where it is; a released place is refilled first', () => {
    const p = new PoolPlacement(php(4), 0).load();
    for (let i = 0; i < 8; i++) p.place(account(i));
    expect(p.sizes).toEqual([2, 2, 2, 2]);
    expect(p.place(account(5))).toBe(p.shardOf(account(5)));
    const freed = p.shardOf(account(6));
    p.release(account(6));
    expect(p.place(account('new'))).toBe(freed);
  });

  test('the pool directories are the record: read at start-up, and looked in for a domain not known', () => {
    poolFile(3, 'site1.example');
    poolFile(2, 'site2.example');
    writeFileSync(join(root, '8.2', 'shard-2', 'pool.d', '.staged-x.conf'), '');
    const p = new PoolPlacement(php(4)).load();
    expect(p.shardOf(account(1))).toBe(3);
    expect(p.sizes).toEqual([0, 0, 1, 1]);
    // Appeared after start-up (a suspended pool restored from its snapshot, a pool moved by hand).
    poolFile(1, 'site3.example');
    expect(p.shardOf(account(3))).toBe(1);
    expect(p.place(account(3))).toBe(1);
    // Nowhere: the shard its username hashes to, as before placement existed.
    expect(p.shardOf(account(4))).toBe(shardOf({ shards: 4 }, 'user4'));
  });

  test('one master: everything is shard 0 and nothing is read', () => {
    const p = new PoolPlacement(php(1)).load();
    expect(p.place(account(1))).toBe(0);
    expect(p.shardOf(account(2))).toBe(0);
  });
});
