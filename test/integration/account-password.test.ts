import { promises as fs, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { startMail, MailInstance } from '../harness/mail';
import { startFtp, FtpInstance } from '../harness/ftp';
import { startWebdisk, WebdiskInstance } from '../harness/webdisk';
import { waitForLogin } from '../harness/mail-clients';
import { davPropfind, ftpList } from '../harness/service-clients';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/**
 * POST /accounts/{id}/password (issue 17): the account's password is the panel login of
 * the customer made with it and the UAPI Basic login (the same person); both take the new
 * password and refuse the old one, and the old sessions end. The account's subaccounts —
 * its IMAP, FTP and Web Disk logins, each with its own password — keep theirs, proven with
 * real dovecot, pure-ftpd and hearth-webdisk.
 */
let mx: MailInstance;
let ftpd: FtpInstance;
let dav: WebdiskInstance;
let stack: Stack;

const OLD = 'old-account-pass-1';
const NEW = 'new-account-pass-2';
const SUB_PASS = 'Sub-pass-1234';

beforeAll(async () => {
  const work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'acctpw-'));
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

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function uapiStatus(user: string, password: string): Promise<number> {
  const res = await fetch(`${stack.url}/execute/UserManager/list_users`, { headers: { authorization: basic(user, password) } });
  return res.status;
}

async function panelLogin(login: string, password: string): Promise<{ status: number; token?: string }> {
  const res = await stack.request('POST', '/api/v1/auth/login', { login, password }, null);
  return { status: res.status, token: res.body.data?.token ?? res.body.token };
}

describe('POST /api/v1/accounts/{id}/password', () => {
  const owner = testUsername();
  const domain = testDomain(owner);
  let id: number;
  const sub = `carol@${domain}`;

  beforeAll(async () => {
    const res = await stack.request('POST', '/api/v1/accounts', { username: owner, domain, email: `owner@${domain}`, password: OLD, package_id: 1 });
    expect(res.status).toBe(201);
    id = res.body.data.id;
    const made = await fetch(`${stack.url}/execute/UserManager/create_user?${new URLSearchParams({
      username: 'carol', domain, password: SUB_PASS,
      'services.email.enabled': '1', 'services.ftp.enabled': '1', 'services.ftp.homedir': 'ftp/carol',
      'services.webdisk.enabled': '1', 'services.webdisk.homedir': '/dav/carol', 'services.webdisk.perms': 'rw',
    })}`, { headers: { authorization: basic(owner, OLD) } });
    expect(((await made.json()) as { result: { status: number } }).result.status).toBe(1);
  });

  test('bad input and a token without account.password change nothing', async () => {
    const short = await stack.request('POST', `/api/v1/accounts/${id}/password`, { password: 'short' });
    expect(short.status).toBe(422);
    expect(short.body.error).toBe('validation_failed');
    expect(short.body.details[0].field).toBe('password');
    expect((await stack.request('POST', `/api/v1/accounts/${id}/password`, { password: NEW, extra: 1 })).status).toBe(422);
    const other = await stack.createToken(['account.create']);
    const denied = await stack.request('POST', `/api/v1/accounts/${id}/password`, { password: NEW }, other);
    expect(denied.status).toBe(403);
    expect((await stack.request('POST', '/api/v1/accounts/2147483647/password', { password: NEW })).status).toBe(404);
    expect((await panelLogin(owner, OLD)).status).toBe(200);
    expect(await uapiStatus(owner, OLD)).toBe(200);
  });

  test('new password opens the panel and UAPI, the old one is refused there, old sessions end; subaccounts keep theirs', async () => {
    const before = await panelLogin(owner, OLD);
    expect(before.status).toBe(200);
    expect((await stack.request('GET', `/api/v1/accounts/${id}`, undefined, before.token)).status).toBe(200);
    // The subaccount's own logins work before the change.
    await waitForLogin(mx.imapPort, sub, SUB_PASS, true);
    expect((await ftpList(ftpd.port, sub, SUB_PASS)).code).toBe(0);
    expect((await davPropfind(dav.port, dav.caFile, sub, SUB_PASS, '/')).status).toBe(207);

    const billing = await stack.createToken(['account.password']);
    const changed = await stack.request('POST', `/api/v1/accounts/${id}/password`, { password: NEW }, billing);
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ id, username: owner, status: 'active' });
    expect(JSON.stringify(changed.body)).not.toContain(NEW);

    // Panel login: new yes, old no; the session made with the old password is over.
    expect((await panelLogin(owner, NEW)).status).toBe(200);
    expect((await panelLogin(owner, OLD)).status).toBe(401);
    expect((await stack.request('GET', `/api/v1/accounts/${id}`, undefined, before.token)).status).toBe(401);
    // UAPI (cPanel-compatible Basic login of the account).
    expect(await uapiStatus(owner, NEW)).toBe(200);
    expect(await uapiStatus(owner, OLD)).toBe(401);
    // The subaccount's IMAP, FTP and Web Disk logins keep their own password, and the
    // account's new password does not open them.
    await waitForLogin(mx.imapPort, sub, SUB_PASS, true);
    await waitForLogin(mx.imapPort, sub, NEW, false);
    expect((await ftpList(ftpd.port, sub, SUB_PASS)).code).toBe(0);
    expect((await ftpList(ftpd.port, sub, NEW)).code).not.toBe(0);
    expect((await davPropfind(dav.port, dav.caFile, sub, SUB_PASS, '/')).status).toBe(207);
    expect((await davPropfind(dav.port, dav.caFile, sub, NEW, '/')).status).toBe(401);
  });

  test('a customer attached under its own login keeps its password; the account row takes the new one', async () => {
    const login = `cust${Date.now().toString(36)}`;
    const person = await stack.request('POST', '/api/v1/customers', { login, password: OLD });
    expect(person.status).toBe(201);
    const u = testUsername();
    const d = testDomain(u);
    const acct = await stack.request('POST', '/api/v1/accounts', { username: u, domain: d, email: `o@${d}`, password: OLD, package_id: 1, customer_id: person.body.data.id });
    expect(acct.status).toBe(201);
    expect((await stack.request('POST', `/api/v1/accounts/${acct.body.data.id}/password`, { password: NEW })).status).toBe(200);
    expect((await panelLogin(login, OLD)).status).toBe(200);
    expect((await panelLogin(login, NEW)).status).toBe(401);
  });
});
