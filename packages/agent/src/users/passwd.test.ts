import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findUser, readPasswd } from './passwd';

describe('/etc/passwd, indexed by name', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-passwd-'));
    path = join(dir, 'passwd');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds users by name with every field, skips comments and nameless lines, and the first line of a name wins', async () => {
    writeFileSync(path, [
      'root:x:0:0:root:/root:/bin/bash',
      '# a comment:x:1:1::/:/bin/sh',
      'no colon here',
      ':x:5:5::/:/bin/sh',
      'alice:x:1001:1002:Hearth account:/home/alice:/usr/sbin/nologin',
      'alice:x:2001:2002:second:/home/other:/bin/sh',
      'bob:x:1003:1003::/home/bob:/bin/sh',
    ].join('\n')); // no newline at the end: the last line still counts
    expect(await findUser('alice', path)).toEqual({ name: 'alice', uid: 1001, gid: 1002, gecos: 'Hearth account', home: '/home/alice', shell: '/usr/sbin/nologin' });
    expect((await findUser('bob', path))?.shell).toBe('/bin/sh');
    expect(await findUser('# a comment', path)).toBeNull();
    expect(await findUser('no colon here', path)).toBeNull();
    expect(await findUser('', path)).toBeNull();
    expect(await findUser('carol', path)).toBeNull();
    expect((await readPasswd(path)).map((u) => `${u.name}:${u.uid}`)).toEqual(['root:0', 'alice:1001', 'bob:1003']);
  });

  it('reads the file again once it was replaced, and hands out copies', async () => {
    writeFileSync(path, 'alice:x:1001:1001::/home/alice:/bin/sh\n');
    const first = await findUser('alice', path);
    first!.uid = 0;
    expect((await findUser('alice', path))?.uid).toBe(1001);
    writeFileSync(join(dir, 'passwd+'), 'bob:x:1003:1003::/home/bob:/bin/sh\n'); // as useradd does: a new file renamed over
    renameSync(join(dir, 'passwd+'), path);
    expect(await findUser('alice', path)).toBeNull();
    expect((await findUser('bob', path))?.uid).toBe(1003);
  });
});
