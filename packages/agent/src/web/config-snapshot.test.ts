import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onlyChanged, takeSnapshot } from './config-snapshot';

describe('config snapshots', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hearth-snap-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sees only the changed files as different; anything else moving counts', async () => {
    const main = join(dir, 'main.conf');
    writeFileSync(main, 'main');
    for (const n of ['a', 'b', 'c']) writeFileSync(join(dir, `${n}.conf`), n);
    writeFileSync(join(dir, '.staging.conf.tmp'), 'x');
    const before = await takeSnapshot([main], [dir]);
    expect(before.has(join(dir, '.staging.conf.tmp'))).toBe(false);

    writeFileSync(join(dir, 'd.conf'), 'new');
    unlinkSync(join(dir, 'a.conf'));
    const now = await takeSnapshot([main], [dir]);
    expect(onlyChanged(before, now, new Set([join(dir, 'd.conf'), join(dir, 'a.conf')]))).toBe(true);
    expect(onlyChanged(before, now, new Set([join(dir, 'd.conf')]))).toBe(false);
    expect(onlyChanged(before, now, new Set([join(dir, 'a.conf')]))).toBe(false);

    // An edit by hand of another file, same size, is still a change.
    writeFileSync(join(dir, 'b.conf'), 'B');
    const edited = await takeSnapshot([main], [dir]);
    expect(onlyChanged(now, edited, new Set([join(dir, 'd.conf')]))).toBe(false);
  });

  it('names the files of a directory as path.join does, however the directory is written', async () => {
    writeFileSync(join(dir, 'a.conf'), 'a');
    for (const spelled of [dir, `${dir}/`, `${dir}//`]) {
      expect([...(await takeSnapshot([], [spelled])).keys()]).toEqual([join(dir, 'a.conf')]);
    }
  });
});
