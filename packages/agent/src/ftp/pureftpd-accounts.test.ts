import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exec } from '../system/exec';
import { ftpConfigDefaults } from './ftp-config';
import { PureFtpdAccounts } from './pureftpd-accounts';
import type { FtpEntry } from './pureftpd-lines';

const entry = (username: string, owner: string): FtpEntry => ({
  username, domain: 'example.com', hash: '$6$abcdefgh$' + 'x'.repeat(86), uid: 1001, gid: 1001, owner,
  homedir: 'public_html', dir: `/home/${owner}/public_html`, enabled: true,
});

describe('PureFtpdAccounts compiles the PureDB', () => {
  let dir: string;
  let compiles: number;
  let accounts: PureFtpdAccounts;
  const pdbFile = () => join(dir, 'pureftpd.pdb');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-pureftpd-'));
    compiles = 0;
    // pure-pw mkdb's one observable effect here: a PureDB newer than the text.
    const exec: Exec = async () => {
      compiles++;
      writeFileSync(pdbFile(), 'pdb');
      return { stdout: '', stderr: '', code: 0 };
    };
    accounts = new PureFtpdAccounts({ ...ftpConfigDefaults, enabled: true, passwdFile: join(dir, 'pureftpd.passwd'), pdbFile: pdbFile() }, exec);
    await accounts.ensureFiles();
    compiles = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('after a change', async () => {
    await accounts.put(entry('web', 'alice'));
    expect(compiles).toBe(1);
    await accounts.removeOwner('alice');
    expect(compiles).toBe(2);
  });

  it('not for an edit that changes nothing (a delete of an account without logins)', async () => {
    await accounts.put(entry('web', 'alice'));
    compiles = 0;
    await accounts.removeOwner('bob');
    await accounts.setOwnerEnabled('bob', false);
    expect(compiles).toBe(0);
  });

  it('when the PureDB is missing or older than the text, even without a change', async () => {
    await accounts.put(entry('web', 'alice'));
    rmSync(pdbFile());
    compiles = 0;
    await accounts.removeOwner('bob');
    expect(compiles).toBe(1);
    const old = statSync(join(dir, 'pureftpd.passwd')).mtimeMs / 1000 - 10;
    utimesSync(pdbFile(), old, old);
    await accounts.removeOwner('bob');
    expect(compiles).toBe(2);
  });
});
