import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDirNoFollow, withHandle } from '../users/dir-handle';
import { linkInto } from './log-dir-step';

// As root (CI) the link is given to nobody, as a customer's would be; otherwise to the runner.
const uid = process.getuid?.() === 0 ? 65534 : process.getuid?.() ?? 0;
const gid = process.getgid?.() === 0 ? 65534 : process.getgid?.() ?? 0;

describe('linkInto', () => {
  let root: string;
  let logs: string;
  const target = '/var/log/hearth-test/alice/access.log';
  const place = (): Promise<void> => withHandle(openDirNoFollow(logs), (dir) => linkInto(dir, 'access.log', target, { uid, gid }));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hearth-loglinks-'));
    logs = join(root, 'logs');
    mkdirSync(logs);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes the link, owned by the account', async () => {
    await place();
    expect(readlinkSync(join(logs, 'access.log'))).toBe(target);
    expect(lstatSync(join(logs, 'access.log')).uid).toBe(uid);
    expect(lstatSync(join(logs, 'access.log')).gid).toBe(gid);
  });

  it('leaves the right link as it is', async () => {
    await place();
    const before = lstatSync(join(logs, 'access.log')).ino;
    await place();
    expect(lstatSync(join(logs, 'access.log')).ino).toBe(before);
  });

  it('replaces a planted link to a file elsewhere without touching that file or its owner', async () => {
    const victim = join(root, 'victim');
    writeFileSync(victim, 'secret', { mode: 0o600 });
    const owner = statSync(victim).uid;
    symlinkSync(victim, join(logs, 'access.log'));
    await place();
    expect(readlinkSync(join(logs, 'access.log'))).toBe(target);
    expect(readFileSync(victim, 'utf8')).toBe('secret');
    expect(statSync(victim).uid).toBe(owner);
  });

  it('replaces a planted file', async () => {
    writeFileSync(join(logs, 'access.log'), 'x');
    await place();
    expect(readlinkSync(join(logs, 'access.log'))).toBe(target);
  });

  it('refuses a directory of that name and leaves it as it was', async () => {
    mkdirSync(join(logs, 'access.log'));
    writeFileSync(join(logs, 'access.log', 'kept'), 'k');
    await expect(place()).rejects.toThrow(/EISDIR|EPERM/);
    expect(readdirSync(join(logs, 'access.log'))).toEqual(['kept']);
  });

  it('works in the directory it opened, even when a symlink to another directory is swapped in meanwhile', async () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    await withHandle(openDirNoFollow(logs), async (dir) => {
      renameSync(logs, join(root, 'moved'));
      symlinkSync(elsewhere, logs);
      await linkInto(dir, 'access.log', target, { uid, gid });
    });
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readlinkSync(join(root, 'moved', 'access.log'))).toBe(target);
  });

  it('refuses a name that is not one path component', async () => {
    await expect(withHandle(openDirNoFollow(logs), (dir) => linkInto(dir, '../escape', target, { uid, gid }))).rejects.toThrow(/single path component/);
    expect(readdirSync(root).sort()).toEqual(['logs']);
  });
});
