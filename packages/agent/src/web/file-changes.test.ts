import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { swapIn } from './file-changes';

/*
 * swapIn puts a vhost and its sites-enabled link in place at the same time, in two waves:
 * a link never points at a missing file, even if the agent dies between two renames
 * (chaos.test.ts kills it at random), because a dangling link fails every later nginx test.
 */
describe('swapIn', () => {
  let dir: string;
  let available: string;
  let enabled: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'swap-'));
    available = join(dir, 'available');
    enabled = join(dir, 'enabled');
    mkdirSync(available);
    mkdirSync(enabled);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const site = (name: string) => ({ file: join(available, `${name}.conf`), link: join(enabled, `${name}.conf`) });

  test('the file is in place before its link; a link that cannot be made takes the file back out', async () => {
    const a = site('a');
    const previous = await swapIn([{ path: a.link, symlinkTo: a.file }, { path: a.file, write: 'server {}\n' }]);
    expect(readlinkSync(a.link)).toBe(a.file);
    expect(previous.map((p) => p.kind)).toEqual(['absent', 'absent']);
    // The link's directory is gone: the second wave fails and the first is undone.
    const b = { file: join(available, 'b.conf'), link: join(dir, 'missing', 'b.conf') };
    await expect(swapIn([{ path: b.link, symlinkTo: b.file }, { path: b.file, write: 'server {}\n' }])).rejects.toThrow();
    expect(existsSync(b.file)).toBe(false);
  });

  test('a batch with a path that is neither file nor link changes nothing, the link stays', async () => {
    const a = site('a');
    writeFileSync(a.file, 'server {}\n');
    await swapIn([{ path: a.link, symlinkTo: a.file }]);
    // The file's name is now a directory: swapIn refuses before touching anything.
    rmSync(a.file);
    mkdirSync(a.file);
    writeFileSync(join(a.file, 'x'), '');
    await expect(swapIn([{ path: a.file, remove: true }, { path: a.link, remove: true }])).rejects.toThrow();
    expect(lstatSync(a.link).isSymbolicLink()).toBe(true);
  });
});
