import { promises as fs, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { startMail, MailInstance } from '../harness/mail';
import { startFtp, FtpInstance } from '../harness/ftp';
import { startWebdisk, WebdiskInstance } from '../harness/webdisk';
import { ftpList } from '../harness/service-clients';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/**
 * Scopes per login service: a token meant for mailboxes (`mail.manage`) cannot make an FTP
 * or Web Disk login (either would upload PHP that runs as the customer) nor a UAPI token
 * (which acts as the account's owner). Each attempt answers 403 and changes nothing — the
 * FTP daemon really refuses the login the attacker tried to create; the matching scope works.
 */
let mx: MailInstance;
let ftpd: FtpInstance;
let dav: WebdiskInstance;
let stack: Stack;
let account: { id: number; domain: string };
let mailToken: string;

beforeAll(async () => {
  const work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'scopes-'));
  await fs.chmod(work, 0o755);
  mx = await startMail();
  ftpd = await startFtp(join(work, 'ftp'));
  dav = await startWebdisk(join(work, 'webdisk'));
  stack = await startStack({ agent: { mail: mx.mail, ftp: ftpd.ftp, webdisk: dav.webdisk } });
  const username = testUsername();
  const domain = testDomain(username);
  const res = await stack.request('POST', '/api/v1/accounts', { username, domain, email: `owner@${domain}`, password: 'Owner-pass-77', package_id: 1 });
  expect(res.status).toBe(201);
  account = { id: res.body.data.id, domain };
  mailToken = await stack.createToken(['mail.manage']);
});

afterAll(async () => {
  await stack?.stop();
  await Promise.allSettled([mx?.stop(), ftpd?.stop(), dav?.stop()]);
  removeTestUsers();
});

const path = (p: string) => `/api/v1/accounts/${account.id}${p}`;

async function listedNames(): Promise<string[]> {
  const res = await stack.request('GET', path('/subaccounts?flat=1'));
  expect(res.status).toBe(200);
  return (res.body.data as { full_username: string; type: string }[]).filter((u) => u.type !== 'cpanel').map((u) => u.full_username);
}

describe('a mail.manage token', () => {
  test('gets 403 on FTP and Web Disk logins and creates nothing; the FTP login it tried does not work', async () => {
    for (const type of ['ftp', 'webdisk']) {
      const res = await stack.request('POST', path('/service-accounts'), { type, username: `evil${type}`, password: 'Evil-pass-123' }, mailToken);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    const sub = await stack.request('POST', path('/subaccounts'), { username: 'evilsub', password: 'Evil-pass-123', services: { email: { enabled: true }, ftp: { enabled: true } } }, mailToken);
    expect(sub.status).toBe(403);
    const davSub = await stack.request('POST', path('/subaccounts'), { username: 'evildav', password: 'Evil-pass-123', services: { webdisk: { enabled: true } } }, mailToken);
    expect(davSub.status).toBe(403);
    expect(await listedNames()).toEqual([]);
    expect((await ftpList(ftpd.port, `evilftp@${account.domain}`, 'Evil-pass-123')).code).not.toBe(0);
    expect((await ftpList(ftpd.port, `evilsub@${account.domain}`, 'Evil-pass-123')).code).not.toBe(0);
  });

  test('gets 403 on UAPI tokens and creates none', async () => {
    const res = await stack.request('POST', path('/uapi-tokens'), { name: 'evil' }, mailToken);
    expect(res.status).toBe(403);
    expect((await stack.request('GET', path('/uapi-tokens'))).body.data).toEqual([]);
    expect((await stack.request('POST', path('/uapi-tokens'), { name: 'kept' })).status).toBe(201);
    expect((await stack.request('DELETE', path('/uapi-tokens/kept'), undefined, mailToken)).status).toBe(403);
    expect((await stack.request('GET', path('/uapi-tokens'))).body.data.map((t: { name: string }) => t.name)).toEqual(['kept']);
  });

  test('cannot change or delete a subaccount that has an FTP login (one password for every service)', async () => {
    const created = await stack.request('POST', path('/subaccounts'), { username: 'both', password: 'Both-pass-123', services: { email: { enabled: true }, ftp: { enabled: true } } });
    expect(created.status).toBe(201);
    const name = `both@${account.domain}`;
    expect((await stack.request('PATCH', path(`/subaccounts/${name}`), { password: 'Taken-over-99' }, mailToken)).status).toBe(403);
    expect((await stack.request('DELETE', path(`/subaccounts/${name}`), undefined, mailToken)).status).toBe(403);
    expect((await ftpList(ftpd.port, name, 'Both-pass-123')).code).toBe(0);
    expect((await ftpList(ftpd.port, name, 'Taken-over-99')).code).not.toBe(0);
  });

  test('still manages email-only subaccounts', async () => {
    const res = await stack.request('POST', path('/subaccounts'), { username: 'mailonly', password: 'Mail-only-123', services: { email: { enabled: true } } }, mailToken);
    expect(res.status).toBe(201);
    expect((await stack.request('DELETE', path(`/subaccounts/mailonly@${account.domain}`), undefined, mailToken)).status).toBe(200);
  });
});

describe('the matching scopes', () => {
  test('ftp.manage makes an FTP login, webdisk.manage a Web Disk login, uapi.tokens a token; none reaches another', async () => {
    const ftpToken = await stack.createToken(['ftp.manage']);
    const davToken = await stack.createToken(['webdisk.manage']);
    const uapiToken = await stack.createToken(['uapi.tokens']);
    expect((await stack.request('POST', path('/service-accounts'), { type: 'ftp', username: 'goodftp', password: 'Good-pass-123' }, ftpToken)).status).toBe(201);
    expect((await ftpList(ftpd.port, `goodftp@${account.domain}`, 'Good-pass-123')).code).toBe(0);
    expect((await stack.request('POST', path('/service-accounts'), { type: 'webdisk', username: 'gooddav', password: 'Good-pass-123' }, ftpToken)).status).toBe(403);
    expect((await stack.request('POST', path('/service-accounts'), { type: 'webdisk', username: 'gooddav', password: 'Good-pass-123' }, davToken)).status).toBe(201);
    expect((await stack.request('POST', path('/uapi-tokens'), { name: 'viaftp' }, ftpToken)).status).toBe(403);
    const tok = await stack.request('POST', path('/uapi-tokens'), { name: 'good' }, uapiToken);
    expect(tok.status).toBe(201);
    expect(tok.body.data.token).toMatch(/^[A-Z0-9]{32}$/);
    expect((await stack.request('POST', path('/mailboxes'), { local_part: 'nope', password: 'Nope-pass-123', quota_mb: 10 }, uapiToken)).status).toBe(403);
  });

  test('the new scopes are known to token creation and to people sessions', async () => {
    for (const scope of ['ftp.manage', 'webdisk.manage', 'uapi.tokens']) expect(await stack.createToken([scope])).toMatch(/^hth_/);
    const login = `c${Date.now().toString(36)}`;
    expect((await stack.request('POST', '/api/v1/customers', { login, password: 'Customer-pass-1' })).status).toBe(201);
    const session = await stack.request('POST', '/api/v1/auth/login', { login, password: 'Customer-pass-1' }, null);
    const me = await stack.request('GET', '/api/v1/auth/me', undefined, session.body.data.token);
    expect(me.body.data.scopes).toEqual(expect.arrayContaining(['mail.manage', 'ftp.manage', 'webdisk.manage', 'uapi.tokens']));
  });
});
