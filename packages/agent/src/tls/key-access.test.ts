import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync, symlinkSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyAccess } from './key-access';
import { groupGid } from '../users/groups';

/* Runs as root (chown), as the whole suite does. */
describe('KeyAccess', () => {
  let base: string;
  let liveRoot: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'key-access-'));
    liveRoot = join(base, 'letsencrypt', 'live');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  test('prepare makes the live root and a domain directory passable by the web group only', async () => {
    const access = new KeyAccess(liveRoot, 'www-data');
    await access.prepare(join(liveRoot, 'a.test'));
    const gid = await groupGid('www-data');
    for (const dir of [liveRoot, join(liveRoot, 'a.test')]) {
      const s = statSync(dir);
      expect([s.uid, s.gid, s.mode & 0o777]).toEqual([0, gid, 0o710]);
    }
    expect(statSync(join(base, 'letsencrypt')).mode & 0o777).toBe(0o755);
  });

  test('grantExisting gives the keys of earlier installs to the web group, once, and leaves links alone', async () => {
    mkdirSync(join(liveRoot, 'a.test'), { recursive: true, mode: 0o700 });
    writeFileSync(join(liveRoot, 'a.test', 'privkey.pem'), 'key', { mode: 0o600 });
    symlinkSync('/etc', join(liveRoot, 'not-a-domain'));
    const access = new KeyAccess(liveRoot, 'www-data');
    expect(await access.grantExisting()).toBe(1);
    const gid = await groupGid('www-data');
    const key = statSync(join(liveRoot, 'a.test', 'privkey.pem'));
    expect([key.gid, key.mode & 0o777]).toEqual([gid, 0o640]);
    expect(statSync(join(liveRoot, 'a.test')).mode & 0o777).toBe(0o710);
    expect(lstatSync(join(liveRoot, 'not-a-domain')).isSymbolicLink()).toBe(true);
    expect(statSync('/etc').gid).toBe(0);
    expect(await access.grantExisting()).toBe(0);
  });

  test('no live root yet: nothing to do', async () => {
    expect(await new KeyAccess(liveRoot, 'www-data').grantExisting()).toBe(0);
  });
});
