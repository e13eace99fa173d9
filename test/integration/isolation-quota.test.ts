import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { startFtp, FtpInstance } from '../harness/ftp';
import { MailInstance, startMail } from '../harness/mail';
import { sendMail } from '../harness/mail-clients';
import { ftpUpload } from '../harness/service-clients';
import { waitFor } from '../harness/ports';
import { accountBody, removeTestUsers, testDomain, testUsername } from '../harness/names';
import { idsOf } from '../harness/hostile-customer';

/*
 * Issue 16, disk limits where the kernel has none (this machine's kernel has no
 * CONFIG_QUOTA): an account whose package allows 1 MB cannot store more over FTP
 * (pure-ftpd's per-login size quota from the package's disk_quota_mb), and mail to a
 * full mailbox is refused with Dovecot's quota message, which reaches the sender.
 */
let stack: Stack;
let ftpd: FtpInstance;
let mx: MailInstance;
let work: string;
const owner = testUsername();
let accountId = 0;
const FTP_PASS = 'Quota-ftp-1234';

beforeAll(async () => {
  work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'isoquota-'));
  ftpd = await startFtp(join(work, 'ftp'));
  mx = await startMail();
  stack = await startStack({ agent: { ftp: ftpd.ftp, mail: mx.mail } });
  const pkg = await stack.request('POST', '/api/v1/packages', { name: `quota-${owner}`, php_versions: ['8.2'], disk_quota_mb: 1 });
  expect(pkg.status).toBe(201);
  const created = await stack.request('POST', '/api/v1/accounts', accountBody(owner, { package_id: pkg.body.data.id }));
  expect(created.status).toBe(201);
  accountId = created.body.data.id;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await Promise.allSettled([ftpd?.stop(), mx?.stop()]);
  removeTestUsers();
  if (work) rmSync(work, { recursive: true, force: true });
});

function localFile(name: string, bytes: number): string {
  const path = join(work, name);
  writeFileSync(path, Buffer.alloc(bytes, 'q'));
  return path;
}

test('an FTP upload that would take the account over its disk quota fails and is not kept', async () => {
  const res = await stack.request('POST', `/api/v1/accounts/${accountId}/service-accounts`, { type: 'ftp', username: 'up', password: FTP_PASS, homedir: 'public_html' });
  expect(res.status).toBe(201);
  const login = `up@${testDomain(owner)}`;
  const pub = join(stack.root, 'home', owner, 'public_html');
  // Under the quota: stored.
  expect((await ftpUpload(ftpd.port, login, FTP_PASS, localFile('small.bin', 300 * 1024), 'small.bin')).code).toBe(0);
  expect(readFileSync(join(pub, 'small.bin')).length).toBe(300 * 1024);
  // Over it (300 KB + 900 KB > 1 MB): refused, and the partial file is gone.
  const big = await ftpUpload(ftpd.port, login, FTP_PASS, localFile('big.bin', 900 * 1024), 'big.bin');
  // curl's 70 is the server's 552 (pure-ftpd: "Quota exceeded").
  expect({ code: big.code, stderr: big.stderr.trim() }).toEqual({ code: 70, stderr: 'curl: (70) Exceeded storage allocation' });
  expect(existsSync(join(pub, 'big.bin'))).toBe(false);
  // What fits is still accepted.
  expect((await ftpUpload(ftpd.port, login, FTP_PASS, localFile('more.bin', 100 * 1024), 'more.bin')).code).toBe(0);
});

test('mail to a full mailbox is refused with the quota message, mail to one with room is delivered', async () => {
  const domain = testDomain(owner);
  for (const local of ['full', 'roomy']) {
    const res = await stack.request('POST', `/api/v1/accounts/${accountId}/mailboxes`, { local_part: local, password: 'Mail-pass-1234', quota_mb: 1 });
    expect(res.status).toBe(201);
  }
  // The mailbox "full" already holds 2 MB (as after a few large messages).
  const maildir = join(mx.mail.maildirRoot, domain, 'full');
  const { uid, gid } = idsOf(mx.vmailUser);
  for (const sub of ['', 'cur', 'new', 'tmp']) {
    mkdirSync(join(maildir, sub), { recursive: true, mode: 0o700 });
    chownSync(join(maildir, sub), uid, gid);
  }
  const stored = join(maildir, 'cur', `${Math.floor(Date.now() / 1000)}.M1P1.mx,S=2097152:2,S`);
  writeFileSync(stored, `Subject: big\r\n\r\n${'x'.repeat(2 * 1024 * 1024)}`);
  chownSync(stored, uid, gid);

  const toFull = await sendMail(mx.smtpPort, `full@${domain}`, 'no room');
  expect(toFull.rcptCode).toBe(250); // Postfix accepts for the domain, then LMTP refuses the delivery
  const toRoomy = await sendMail(mx.smtpPort, `roomy@${domain}`, 'room');
  expect(toRoomy.rcptCode).toBe(250);
  const line = await waitFor('the bounce of the delivery to the full mailbox', async () =>
    mx.postfixLog().split('\n').find((l) => l.includes(`to=<full@${domain}>`) && /status=(bounced|deferred)/.test(l)), 30_000);
  expect(line).toMatch(/Quota exceeded/i);
  await waitFor('delivery to the mailbox with room', async () =>
    mx.postfixLog().split('\n').some((l) => l.includes(`to=<roomy@${domain}>`) && l.includes('status=sent')), 30_000);
});
