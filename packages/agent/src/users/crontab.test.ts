import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeCrontab } from './crontab';

describe('removing a user\'s crontab from the spool', () => {
  let dir: string;
  let spool: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-cron-'));
    spool = join(dir, 'crontabs');
    mkdirSync(spool);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the file named after the user and leaves the others', async () => {
    writeFileSync(join(spool, 'alice'), '* * * * * true\n');
    writeFileSync(join(spool, 'alice2'), '* * * * * true\n');
    expect(await removeCrontab(spool, 'alice')).toBe(true);
    expect(existsSync(join(spool, 'alice'))).toBe(false);
    expect(existsSync(join(spool, 'alice2'))).toBe(true);
  });

  it('is a no-op without a crontab or without a spool (cron not installed)', async () => {
    expect(await removeCrontab(spool, 'bob')).toBe(false);
    expect(await removeCrontab(join(dir, 'missing'), 'bob')).toBe(false);
    writeFileSync(join(dir, 'file'), '');
    expect(await removeCrontab(join(dir, 'file'), 'bob')).toBe(false);
  });

  it('removes a link in the entry\'s place, never what it points to', async () => {
    writeFileSync(join(dir, 'target'), 'keep\n');
    symlinkSync(join(dir, 'target'), join(spool, 'carol'));
    expect(await removeCrontab(spool, 'carol')).toBe(true);
    expect(() => lstatSync(join(spool, 'carol'))).toThrow();
    expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('keep\n');
  });

  it('refuses anything that is not a plain name', async () => {
    writeFileSync(join(dir, 'victim'), '');
    for (const name of ['', '../victim', 'a/b', '.', '..', '.hidden']) {
      await expect(removeCrontab(spool, name)).rejects.toThrow(/not a user name/);
    }
    expect(existsSync(join(dir, 'victim'))).toBe(true);
  });

  it('reports other failures (a directory in the entry\'s place)', async () => {
    mkdirSync(join(spool, 'dave'));
    await expect(removeCrontab(spool, 'dave')).rejects.toThrow();
  });
});
