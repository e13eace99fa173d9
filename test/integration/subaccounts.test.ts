import { execFile } from 'node:child_process';
import { promises as fs, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack, REPO } from '../harness/stack';
import { startMail, MailInstance } from '../harness/mail';
import { startFtp, FtpInstance } from '../harness/ftp';
import { startWebdisk, WebdiskInstance } from '../harness/webdisk';
import { waitForLogin } from '../harness/mail-clients';
import { curl, davGet, davPropfind, davPut, ftpList, ftpUpload } from '../harness/service-clients';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/**
 * Subaccounts (cPanel UserManager) end to end: UAPI over HTTP as the account's owner,
 * the real agent writing Dovecot, pure-ftpd and Web Disk files, and real daemons proving
 * what a user sees: IMAP logins (curl imap://), FTP uploads (curl ftp://) and WebDAV
 * PUT/GET over HTTPS (curl -T), with the files' owners and locations checked on disk.
 */
let mx: MailInstance;
let ftpd: FtpInstance;
let dav: WebdiskInstance;
let stack: Stack;
let work: string;

const PASSWORD = 's3cur3p@ss';
const SUB_PASS = 'Sub-pass-1234';

beforeAll(async () => {
  work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'subacct-'));
  await fs.chmod(work, 0o755);
  mx = await startMail();
  ftpd = await startFtp(join(work, 'ftp'));
  dav = await startWebdisk(join(work, 'webdisk'));
  stack = await startStack({ agent: { mail: mx.mail, ftp: ftpd.ftp, webdisk: dav.webdisk } });
});

afterAll(async () => {
  await stack?.stop();
  await Promise.allSettled([mx?.stop(), ftpd?.stop(), dav?.stop()]);
  removeTestUsers();
});

interface Envelope {
  apiversion: number;
  func: string;
  module: string;
  result: { data: any; errors: string[] | null; messages: null; metadata: Record<string, unknown>; status: 0 | 1; warnings: null }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function createAccount(username: string): Promise<{ id: number; domain: string; uid: number; home: string }> {
  const domain = testDomain(username);
  const res = await stack.request('POST', '/api/v1/accounts', { username, domain, email: `owner@${domain}`, password: PASSWORD, package_id: 1 });
  expect(res.status).toBe(201);
  const home = join(stack.root, 'home', username);
  return { id: res.body.data.id, domain, uid: (await fs.stat(home)).uid, home };
}

const basic = (user: string, password = PASSWORD): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function uapi(user: string, fn: string, args: Record<string, string> = {}, auth = basic(user)): Promise<{ status: number; body: Envelope }> {
  const res = await fetch(`${stack.url}/execute/UserManager/${fn}?${new URLSearchParams(args)}`, { headers: { authorization: auth } });
  return { status: res.status, body: (await res.json()) as Envelope };
}

function expectEnvelope(body: Envelope, fn: string): void {
  expect(Object.keys(body).sort()).toEqual(['apiversion', 'func', 'module', 'result']);
  expect(body).toMatchObject({ apiversion: 3, func: fn, module: 'UserManager' });
  expect(Object.keys(body.result).sort()).toEqual(['data', 'errors', 'messages', 'metadata', 'status', 'warnings']);
}

async function ok(user: string, fn: string, args: Record<string, string> = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { status, body } = await uapi(user, fn, args);
  expect(status).toBe(200);
  expectEnvelope(body, fn);
  if (body.result.status !== 1) throw new Error(`${fn} failed: ${JSON.stringify(body.result.errors)}`);
  expect(body.result.errors).toBeNull();
  return body.result.data;
}

async function localFile(name: string, content: string): Promise<string> {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

function runUapiCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const configFile = join(stack.root, 'etc', 'api.json');
  writeFileSync(configFile, JSON.stringify(stack.apiConfig), { mode: 0o600 });
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'packages', 'cli', 'dist', 'uapi.js'), ...args], { env: { ...process.env, HEARTH_API_CONFIG: configFile } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('UserManager subaccounts', () => {
  const alice = testUsername();
  const bob = testUsername();
  let a: { id: number; domain: string; uid: number; home: string };
  let b: { id: number; domain: string; uid: number; home: string };

  beforeAll(async () => {
    a = await createAccount(alice);
    b = await createAccount(bob);
  });

  test('the seed\'s uapi command prints the documented envelope for a real user and domain', async () => {
    const r = await runUapiCli(['--output=jsonpretty', `--user=${alice}`, 'UserManager', 'delete_user', "username=example", `domain=${a.domain}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\{\n {3}"apiversion" : 3|^\{\n\s+"apiversion": 3/);
    const body = JSON.parse(r.stdout) as Envelope;
    expectEnvelope(body, 'delete_user');
    // Nothing named example@domain exists: metadata only.
    expect(body.result).toEqual({ data: null, errors: null, messages: null, metadata: {}, status: 1, warnings: null });

    const list = JSON.parse((await runUapiCli(['--output=json', `--user=${alice}`, 'UserManager', 'list_users'])).stdout) as Envelope;
    expectEnvelope(list, 'list_users');
    expect(list.result.status).toBe(1);
    expect(list.result.data[0]).toMatchObject({ type: 'cpanel', username: alice, special: 1, can_delete: 0 });
  });

  test('create_user with all three services: IMAP, FTP and WebDAV work with one password; files are the account\'s and stay inside', async () => {
    const data = await ok(alice, 'create_user', {
      username: 'Carol', domain: a.domain, password: SUB_PASS, real_name: 'Carol Example', alternate_email: 'carol@example.net',
      'services.email.enabled': '1', 'services.email.quota': '50',
      'services.ftp.enabled': '1', 'services.ftp.homedir': 'ftp/carol',
      'services.webdisk.enabled': '1', 'services.webdisk.homedir': '/dav/carol', 'services.webdisk.perms': 'rw',
    });
    const login = `carol@${a.domain}`;
    expect(data).toMatchObject({
      type: 'sub', username: 'carol', domain: a.domain, full_username: login, real_name: 'Carol Example', synced_password: 1,
      services: { email: { enabled: 1, quota: 50 }, ftp: { enabled: 1, homedir: 'ftp/carol' }, webdisk: { enabled: 1, homedir: 'dav/carol', perms: 'rw', private: 0 } },
      merge_candidates: [], dismissed_merge_candidates: [],
    });
    expect(data.guid).toMatch(new RegExp(`^CAROL:${a.domain.toUpperCase().replace(/\./g, '\\.')}:[0-9A-F]{8}:[0-9A-F]{64}$`));
    expect((await ok(alice, 'lookup_user', { guid: data.guid })).full_username).toBe(login);

    // IMAP with the subaccount's password.
    await waitForLogin(mx.imapPort, login, SUB_PASS, true);
    await waitForLogin(mx.imapPort, login, 'wrong-password', false);

    // FTP: the upload lands in ~/ftp/carol, owned by the account's Linux user.
    const up = await localFile('ftp-up.txt', 'over ftp\n');
    const put = await ftpUpload(ftpd.port, login, SUB_PASS, up, 'hello.txt');
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    const stored = join(a.home, 'ftp', 'carol', 'hello.txt');
    expect(await fs.readFile(stored, 'utf8')).toBe('over ftp\n');
    expect((await fs.stat(stored)).uid).toBe(a.uid);
    expect((await ftpUpload(ftpd.port, login, 'wrong-password', up, 'x.txt')).code).not.toBe(0);

    // WebDAV over HTTPS: PUT then GET, the file is the account user's, in ~/dav/carol.
    const davFile = await localFile('dav-up.txt', 'over webdav\n');
    const davPutRes = await davPut(dav.port, dav.caFile, login, SUB_PASS, davFile, '/notes.txt');
    expect(davPutRes.status).toBe(201);
    const got = await davGet(dav.port, dav.caFile, login, SUB_PASS, '/notes.txt');
    expect(got.status).toBe(200);
    expect(got.stdout).toBe('over webdav\n');
    const davStored = join(a.home, 'dav', 'carol', 'notes.txt');
    expect((await fs.stat(davStored)).uid).toBe(a.uid);
    const listing = await davPropfind(dav.port, dav.caFile, login, SUB_PASS, '/');
    expect(listing.status).toBe(207);
    expect(listing.stdout).toContain('<D:href>/notes.txt</D:href>');
    expect((await davGet(dav.port, dav.caFile, login, 'wrong-password', '/notes.txt')).status).toBe(401);

    // Escapes: ".." (plain and encoded) and symlinks out of the directory all fail.
    await fs.writeFile(join(a.home, 'secret.txt'), 'private\n');
    await fs.chown(join(a.home, 'secret.txt'), a.uid, a.uid);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      expect((await davGet(dav.port, dav.caFile, login, SUB_PASS, path)).status).toBe(403);
      expect((await davPut(dav.port, dav.caFile, login, SUB_PASS, davFile, path.replace('secret', 'dropped'))).status).toBe(403);
    }
    for (const [dir, name] of [[join(a.home, 'dav', 'carol'), 'out'], [join(a.home, 'ftp', 'carol'), 'out']]) {
      await fs.symlink('../..', join(dir, name));
      await fs.lchown(join(dir, name), a.uid, a.uid);
      await fs.symlink('/etc', join(dir, `${name}-etc`));
    }
    expect((await davGet(dav.port, dav.caFile, login, SUB_PASS, '/out/secret.txt')).status).toBe(403);
    expect((await davPut(dav.port, dav.caFile, login, SUB_PASS, davFile, '/out/dropped.txt')).status).toBe(403);
    expect((await davPut(dav.port, dav.caFile, login, SUB_PASS, davFile, '/out-etc/dropped.txt')).status).toBe(403);
    // pure-ftpd chroots the login: ".." (or a "../.." symlink) from its root is its root, so
    // an upload aimed outside lands inside, a link to /etc leads nowhere, and the home's
    // files cannot be read.
    await ftpUpload(ftpd.port, login, SUB_PASS, up, 'out/dropped.txt');
    await ftpUpload(ftpd.port, login, SUB_PASS, up, '../dropped.txt');
    expect((await ftpUpload(ftpd.port, login, SUB_PASS, up, 'out-etc/dropped.txt')).code).not.toBe(0);
    for (const path of ['../secret.txt', '../../secret.txt', 'out/secret.txt', '%2e%2e/secret.txt']) {
      const r = await curl(['--path-as-is', `ftp://${encodeURIComponent(login)}:${encodeURIComponent(SUB_PASS)}@127.0.0.1:${ftpd.port}/${path}`]);
      expect(r.stdout).not.toContain('private');
      expect(r.code).not.toBe(0);
    }
    expect(await fs.readFile(join(a.home, 'ftp', 'carol', 'dropped.txt'), 'utf8')).toBe('over ftp\n');
    await expect(fs.stat(join(a.home, 'dropped.txt'))).rejects.toThrow();
    await expect(fs.stat(join(a.home, 'ftp', 'dropped.txt'))).rejects.toThrow();
    await expect(fs.stat('/etc/dropped.txt')).rejects.toThrow();

    // One password for all three: edit_user changes it everywhere.
    await ok(alice, 'edit_user', { username: 'carol', domain: a.domain, password: 'New-pass-5678' });
    await waitForLogin(mx.imapPort, login, 'New-pass-5678', true);
    expect((await ftpList(ftpd.port, login, 'New-pass-5678')).code).toBe(0);
    expect((await davGet(dav.port, dav.caFile, login, 'New-pass-5678', '/notes.txt')).status).toBe(200);
    expect((await davGet(dav.port, dav.caFile, login, SUB_PASS, '/notes.txt')).status).toBe(401);
  });

  test('two unlinked service accounts with one name form a hypothetical subaccount; merge_service_account links them', async () => {
    const mbox = await stack.request('POST', `/api/v1/accounts/${a.id}/mailboxes`, { local_part: 'sam', password: 'Sam-mail-pass', quota_mb: 10 });
    expect(mbox.status).toBe(201);
    const ftp = await stack.request('POST', `/api/v1/accounts/${a.id}/service-accounts`, { type: 'ftp', username: 'sam', password: 'Sam-ftp-pass1', homedir: 'ftp/sam' });
    expect(ftp.status).toBe(201);
    const name = `sam@${a.domain}`;

    const users = (await ok(alice, 'list_users')) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const hypothetical = users.find((u) => u.full_username === name);
    expect(hypothetical).toMatchObject({ type: 'hypothetical', guid: null, username: 'sam', domain: a.domain, services: { email: { enabled: 1 }, ftp: { enabled: 1 } } });
    expect(hypothetical.merge_candidates.map((c: any) => [c.type, c.parent_type, c.services.email.enabled, c.services.ftp.enabled, c.has_siblings])).toEqual([ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['service', 'hypothetical', 1, 0, 1],
      ['service', 'hypothetical', 0, 1, 1],
    ]);
    // flat=1 lists the two service accounts on their own instead.
    const flat = ((await ok(alice, 'list_users', { flat: '1' })) as any[]).filter((u) => u.full_username === name); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(flat.map((u) => u.type)).toEqual(['hypothetical', 'service', 'service']);

    const merged = await ok(alice, 'merge_service_account', { username: 'sam', domain: a.domain, 'services.email.merge': '1', 'services.ftp.merge': '1' });
    expect(merged).toMatchObject({ type: 'sub', full_username: name, synced_password: 0, services: { email: { enabled: 1, quota: 10 }, ftp: { enabled: 1, homedir: 'ftp/sam' } }, merge_candidates: [] });
    expect(merged.guid).toMatch(/^SAM:/);
    const after = ((await ok(alice, 'list_users')) as any[]).filter((u) => u.full_username === name); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(after.map((u) => u.type)).toEqual(['sub']);
    // Both logins still work with their own passwords (merging never changes a password).
    expect((await ftpList(ftpd.port, name, 'Sam-ftp-pass1')).code).toBe(0);
    await waitForLogin(mx.imapPort, name, 'Sam-mail-pass', true);
  });

  test('dismiss_merge is remembered, across an agent restart too', async () => {
    const name = `dee@${a.domain}`;
    for (const type of ['ftp', 'webdisk']) {
      expect((await stack.request('POST', `/api/v1/accounts/${a.id}/service-accounts`, { type, username: 'dee', password: 'Dee-pass-1234' })).status).toBe(201);
    }
    expect(((await ok(alice, 'list_users')) as any[]).find((u) => u.full_username === name)?.type).toBe('hypothetical'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(await ok(alice, 'dismiss_merge', { username: 'dee', domain: a.domain, 'services.webdisk.dismiss': '1' })).toBeNull();
    await stack.stopAgent();
    await stack.startAgent();
    const records = ((await ok(alice, 'list_users')) as any[]).filter((u) => u.full_username === name); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(records.map((u) => [u.type, u.dismissed, u.services.ftp.enabled, u.services.webdisk.enabled])).toEqual([
      ['service', 0, 1, 0],
      ['service', 1, 0, 1],
    ]);
    const conflicts = await ok(alice, 'check_account_conflicts', { full_username: name });
    expect(conflicts.conflict).toBe(1);
    expect(Object.keys(conflicts.accounts).sort()).toEqual(['ftp', 'webdisk']);
  });

  describe('delete_user answers with what remains under the name', () => {
    const all = { 'services.email.enabled': '1', 'services.ftp.enabled': '1', 'services.webdisk.enabled': '1' };

    test('nothing remains: metadata only; every login of the subaccount fails afterwards', async () => {
      await ok(alice, 'create_user', { username: 'one', domain: a.domain, password: SUB_PASS, ...all });
      const login = `one@${a.domain}`;
      await waitForLogin(mx.imapPort, login, SUB_PASS, true);
      const { body } = await uapi(alice, 'delete_user', { username: 'one', domain: a.domain });
      expectEnvelope(body, 'delete_user');
      expect(body.result).toEqual({ data: null, errors: null, messages: null, metadata: {}, status: 1, warnings: null });
      await waitForLogin(mx.imapPort, login, SUB_PASS, false);
      expect((await ftpList(ftpd.port, login, SUB_PASS)).code).not.toBe(0);
      expect((await davGet(dav.port, dav.caFile, login, SUB_PASS, '/')).status).toBe(401);
      expect(((await ok(alice, 'list_users')) as any[]).some((u) => u.full_username === login)).toBe(false); // eslint-disable-line @typescript-eslint/no-explicit-any
    });

    test('one service account remains: its record', async () => {
      await ok(alice, 'create_user', { username: 'two', domain: a.domain, password: SUB_PASS, 'services.email.enabled': '1', 'services.ftp.enabled': '1' });
      expect(await ok(alice, 'unlink_service_account', { username: 'two', domain: a.domain, service: 'ftp' })).toBeNull();
      const login = `two@${a.domain}`;
      const data = await ok(alice, 'delete_user', { username: 'two', domain: a.domain });
      expect(data).toMatchObject({ type: 'service', full_username: login, guid: null, sub_account_exists: 0, parent_type: null, services: { email: { enabled: 0 }, ftp: { enabled: 1 }, webdisk: { enabled: 0 } } });
      await waitForLogin(mx.imapPort, login, SUB_PASS, false);
      expect((await ftpList(ftpd.port, login, SUB_PASS)).code).toBe(0);
    });

    test('two or more remain: a hypothetical subaccount', async () => {
      await ok(alice, 'create_user', { username: 'three', domain: a.domain, password: SUB_PASS, ...all });
      await ok(alice, 'unlink_service_account', { username: 'three', domain: a.domain, service: 'ftp' });
      await ok(alice, 'unlink_service_account', { username: 'three', domain: a.domain, service: 'webdisk' });
      const login = `three@${a.domain}`;
      const data = await ok(alice, 'delete_user', { username: 'three', domain: a.domain });
      expect(data).toMatchObject({ type: 'hypothetical', full_username: login, services: { email: { enabled: 0 }, ftp: { enabled: 1 }, webdisk: { enabled: 1 } } });
      expect(data.merge_candidates.map((c: any) => c.services.ftp.enabled + 2 * c.services.webdisk.enabled)).toEqual([1, 2]); // eslint-disable-line @typescript-eslint/no-explicit-any
      await waitForLogin(mx.imapPort, login, SUB_PASS, false);
      expect((await davGet(dav.port, dav.caFile, login, SUB_PASS, '/')).status).toBe(200);
    });
  });

  describe('refusals: status 0 with errors, nothing changed', () => {
    async function snapshot(): Promise<string> {
      const files = await Promise.all([ftpd.ftp.passwdFile, dav.webdisk.usersFile, mx.mail.dovecotUsersFile].map((f) => fs.readFile(f, 'utf8')));
      const lists = await Promise.all([alice, bob].map(async (u) => JSON.stringify(await ok(u, 'list_users'))));
      return JSON.stringify([files, lists]);
    }

    async function refused(user: string, fn: string, args: Record<string, string>, message: RegExp): Promise<void> {
      const { status, body } = await uapi(user, fn, args);
      expect(status).toBe(200);
      expectEnvelope(body, fn);
      expect(body.result.status).toBe(0);
      expect(body.result.data).toBeNull();
      expect(body.result.errors).toHaveLength(1);
      expect(body.result.errors![0]).toMatch(message);
    }

    test('account A naming a domain of account B', async () => {
      const before = await snapshot();
      await refused(alice, 'create_user', { username: 'intruder', domain: b.domain, password: SUB_PASS, 'services.email.enabled': '1', 'services.ftp.enabled': '1' }, /does not belong to this account/);
      await refused(alice, 'delete_user', { username: 'x', domain: b.domain }, /does not belong/);
      await refused(alice, 'lookup_service_account', { full_username: `x@${b.domain}`, type: 'ftp' }, /does not belong/);
      await refused(alice, 'merge_service_account', { username: 'x', domain: b.domain, 'services.ftp.merge': '1' }, /does not belong/);
      expect(await snapshot()).toBe(before);
    });

    test('wrong types, overlong and illegal usernames', async () => {
      const before = await snapshot();
      const base = { domain: a.domain, password: SUB_PASS };
      await refused(alice, 'create_user', { ...base, username: 'typo', 'services.email.enabled': 'yes' }, /services\.email\.enabled.*0 or 1/);
      await refused(alice, 'create_user', { ...base, username: 'typo', 'services.webdisk.enabled': '1', 'services.webdisk.perms': 'all' }, /perms/);
      await refused(alice, 'create_user', { ...base, username: 'typo', 'services.email.enabled': '1', 'services.email.quota': 'lots' }, /quota/);
      await refused(alice, 'create_user', { ...base, username: 'typo', 'services.ftp.enabled': '1', 'services.ftp.homedir': '../../etc' }, /homedir/);
      await refused(alice, 'create_user', { ...base, username: 'u'.repeat(65), 'services.ftp.enabled': '1' }, /64 characters/);
      for (const bad of ['bad/name', 'bad name', 'bad:name', 'bad@name', '..', 'bäd']) {
        await refused(alice, 'create_user', { ...base, username: bad, 'services.ftp.enabled': '1' }, /username/);
      }
      await refused(alice, 'create_user', { ...base, username: 'short', password: 'short' }, /password/);
      await refused(alice, 'list_users', { flat: 'true' }, /flat.*0 or 1/);
      await refused(alice, 'no_such_function', {}, /Could not find the function/);
      expect(await snapshot()).toBe(before);
    });

    test('authentication: wrong password or another account\'s token is 401; an account token works', async () => {
      expect((await uapi(alice, 'list_users', {}, basic(alice, 'wrong'))).status).toBe(401);
      const token = await stack.request('POST', `/api/v1/accounts/${a.id}/uapi-tokens`, { name: 'ci' });
      expect(token.status).toBe(201);
      expect(token.body.data.token).toMatch(/^[A-Z0-9]{32}$/);
      const mine = await uapi(alice, 'list_users', {}, `cpanel ${alice}:${token.body.data.token}`);
      expect(mine.status).toBe(200);
      expect(mine.body.result.status).toBe(1);
      expect((await uapi(bob, 'list_users', {}, `cpanel ${bob}:${token.body.data.token}`)).status).toBe(401);
    });

    test('UAPI changes and refused logins are in the audit log, with the account as actor', async () => {
      const audit = `\`${stack.dbName}_audit\`.audit_log`;
      const changes = await stack.db.raw(`SELECT actor_type, actor_label, outcome FROM ${audit} WHERE action = 'UAPI UserManager/create_user' AND actor_label = ?`, [alice]);
      expect(changes[0].length).toBeGreaterThan(0);
      expect(changes[0][0]).toMatchObject({ actor_type: 'account', actor_label: alice });
      const denied = await stack.db.raw(`SELECT outcome, status FROM ${audit} WHERE action = 'UAPI UserManager/list_users' AND outcome = 'denied'`);
      expect(denied[0].length).toBeGreaterThan(0);
      expect(denied[0][0]).toMatchObject({ outcome: 'denied', status: 401 });
    });
  });

  test('suspending the account disables every service account; unsuspend restores them; delete removes them all', async () => {
    await ok(alice, 'create_user', { username: 'sus', domain: a.domain, password: SUB_PASS, 'services.email.enabled': '1', 'services.ftp.enabled': '1', 'services.webdisk.enabled': '1' });
    const login = `sus@${a.domain}`;
    await waitForLogin(mx.imapPort, login, SUB_PASS, true);
    expect((await stack.request('POST', `/api/v1/accounts/${a.id}/suspend`)).status).toBe(200);
    await waitForLogin(mx.imapPort, login, SUB_PASS, false);
    expect((await ftpList(ftpd.port, login, SUB_PASS)).code).not.toBe(0);
    expect((await davGet(dav.port, dav.caFile, login, SUB_PASS, '/')).status).toBe(401);
    expect((await stack.request('POST', `/api/v1/accounts/${a.id}/unsuspend`)).status).toBe(200);
    await waitForLogin(mx.imapPort, login, SUB_PASS, true);
    expect((await ftpList(ftpd.port, login, SUB_PASS)).code).toBe(0);
    expect((await davGet(dav.port, dav.caFile, login, SUB_PASS, '/')).status).toBe(200);

    expect((await stack.request('DELETE', `/api/v1/accounts/${a.id}`)).status).toBe(204);
    expect(await fs.readFile(ftpd.ftp.passwdFile, 'utf8')).not.toContain(a.domain);
    expect(await fs.readFile(dav.webdisk.usersFile, 'utf8')).not.toContain(a.domain);
    expect((await ftpList(ftpd.port, login, SUB_PASS)).code).not.toBe(0);
    await expect(fs.stat(join(stack.root, 'state', 'subaccounts', `${alice}.json`))).rejects.toThrow();
  });
});
