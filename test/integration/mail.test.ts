import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { startMail, MailInstance } from '../harness/mail';
import { imapSearch, sendMail, waitForLogin, waitForMessage } from '../harness/mail-clients';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/**
 * Mail end to end: accounts and mailboxes through the API, the real agent writing
 * Postfix/Dovecot files, and a private Postfix + Dovecot proving what a user sees
 * (SMTP answers, IMAP logins, delivered messages).
 */
let mx: MailInstance;
let stack: Stack;

beforeAll(async () => {
  mx = await startMail();
  stack = await startStack({ agent: { mail: mx.mail } });
});

afterAll(async () => {
  try {
    await stack?.stop();
  } finally {
    await mx?.stop();
    removeTestUsers();
  }
});

async function createAccount(username: string, packageId: number): Promise<number> {
  const domain = testDomain(username);
  const res = await stack.request('POST', '/api/v1/accounts', {
    username, domain, email: `owner@${domain}`, password: 's3cur3p@ss', package_id: packageId,
  });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

describe('mail per account', () => {
  const alice = testUsername();
  const bob = testUsername();
  const aliceDomain = testDomain(alice);
  const bobDomain = testDomain(bob);
  const info = `info@${aliceDomain}`;
  let aliceId: number;
  let bobId: number;
  // alice's package allows exactly 21 mailboxes: "info" plus the 20 parallel ones.
  const LIMIT = 21;

  beforeAll(async () => {
    const pkg = await stack.request('POST', '/api/v1/packages', { name: `mail-${alice}`, php_versions: ['8.2'], max_email_accounts: LIMIT });
    expect(pkg.status).toBe(201);
    aliceId = await createAccount(alice, pkg.body.data.id);
    bobId = await createAccount(bob, 1);
  });

  test('account create adds the domain to Postfix: mail to an unknown user is 550, not relay-denied', async () => {
    expect(await fs.readFile(mx.mail.vdomainsFile, 'utf8')).toContain(`${aliceDomain} OK`);
    const r = await sendMail(mx.smtpPort, `nobody@${aliceDomain}`, 'x');
    expect(r.rcptCode).toBe(550);
    expect(r.rcptText).toMatch(/User unknown/i);
  });

  test('a mailbox created through the API receives SMTP mail that IMAP then fetches; a wrong password is refused', async () => {
    const res = await stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, { local_part: 'Info', password: 'mail-pass-123', quota_mb: 100 });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ address: info, local_part: 'info', quota_mb: 100 });

    const sent = await sendMail(mx.smtpPort, info, 'welcome-1');
    expect(sent.rcptCode).toBe(250);
    expect(sent.dataCode).toBe(250);
    await waitForMessage(mx.imapPort, info, 'mail-pass-123', 'welcome-1');
    expect((await imapSearch(mx.imapPort, info, 'not-the-password', 'welcome-1')).code).toBe(67);

    const maildir = join(mx.mail.maildirRoot, aliceDomain, 'info');
    const vmailUid = (await fs.stat(mx.mail.maildirRoot)).uid;
    expect((await fs.stat(maildir)).uid).toBe(vmailUid);
    expect((await fs.stat(maildir)).mode & 0o777).toBe(0o700);
  });

  test('the password is stored only as a SHA512-CRYPT hash: not in the panel, the users file or the journal', async () => {
    const users = await fs.readFile(mx.mail.dovecotUsersFile, 'utf8');
    expect(users).toMatch(new RegExp(`^${info.replace(/\./g, '\\.')}:\\{SHA512-CRYPT\\}\\$6\\$`, 'm'));
    expect(users).not.toContain('mail-pass-123');
    expect((await fs.stat(mx.mail.dovecotUsersFile)).mode & 0o777).toBe(0o640);
    const row = await stack.db('mailboxes').where({ address: info }).first();
    expect(JSON.stringify(row)).not.toContain('mail-pass-123');
    const journal = join(stack.root, 'state', 'operations');
    for (const f of await fs.readdir(journal)) expect(await fs.readFile(join(journal, f), 'utf8')).not.toContain('mail-pass-123');
    expect(await fs.readFile(join(stack.root, 'agent.log'), 'utf8')).not.toContain('mail-pass-123');
  });

  test('GET lists the mailboxes with the package limit; PATCH changes the password', async () => {
    const list = await stack.request('GET', `/api/v1/accounts/${aliceId}/mailboxes`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((m: { address: string }) => m.address)).toEqual([info]);
    expect(list.body.meta).toMatchObject({ total: 1, max_email_accounts: LIMIT });

    const patch = await stack.request('PATCH', `/api/v1/accounts/${aliceId}/mailboxes/${info}`, { password: 'new-mail-pass-456', quota_mb: 200 });
    expect(patch.status).toBe(200);
    expect(patch.body.data).toMatchObject({ address: info, quota_mb: 200 });
    await waitForLogin(mx.imapPort, info, 'new-mail-pass-456', true);
    await waitForLogin(mx.imapPort, info, 'mail-pass-123', false);
    // The mail delivered before the change is still there.
    await waitForMessage(mx.imapPort, info, 'new-mail-pass-456', 'welcome-1');
  });

  test('bad local parts and bodies get 422 before anything reaches the host', async () => {
    const before = await fs.readFile(mx.mail.vmailboxFile, 'utf8');
    for (const local_part of ['.info', 'info.', 'a..b', 'a b', 'a:b', 'x\nevil@example.com', 'a@b', '../x', 'ａdmin', 'x'.repeat(65), '']) {
      const res = await stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, { local_part, password: 'long-enough-1' });
      expect([local_part, res.status, res.body.error]).toEqual([local_part, 422, 'validation_failed']);
    }
    for (const body of [{ local_part: 'ok', password: 'short' }, { local_part: 'ok', password: 'long-enough-1', quota_mb: -1 }, { local_part: 'ok', password: 'long-enough-1', admin: true }, { local_part: 'ok' }]) {
      expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, body)).status).toBe(422);
    }
    expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, { local_part: 'info', password: 'long-enough-1' })).status).toBe(409);
    expect((await stack.request('PATCH', `/api/v1/accounts/${aliceId}/mailboxes/info@${bobDomain}`, { password: 'long-enough-1' })).status).toBe(404);
    expect(await fs.readFile(mx.mail.vmailboxFile, 'utf8')).toBe(before);
  });

  test('suspend: SMTP answers 4xx and IMAP logins fail; unsuspend: both work again', async () => {
    expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/suspend`)).status).toBe(200);
    const during = await sendMail(mx.smtpPort, info, 'while-suspended');
    expect(during.rcptCode).toBeGreaterThanOrEqual(400);
    expect(during.rcptCode).toBeLessThan(500);
    await waitForLogin(mx.imapPort, info, 'new-mail-pass-456', false);
    // Mailbox changes wait until the account is active again.
    expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, { local_part: 'later', password: 'long-enough-1' })).status).toBe(409);

    expect((await stack.request('POST', `/api/v1/accounts/${aliceId}/unsuspend`)).status).toBe(200);
    await waitForLogin(mx.imapPort, info, 'new-mail-pass-456', true);
    const after = await sendMail(mx.smtpPort, info, 'after-unsuspend');
    expect(after.dataCode).toBe(250);
    await waitForMessage(mx.imapPort, info, 'new-mail-pass-456', 'after-unsuspend');
  });

  test('20 mailboxes created in parallel: all 20 in vmailbox and users, all 20 log in', async () => {
    const locals = Array.from({ length: 20 }, (_, i) => `user${i}`);
    const results = await Promise.all(
      locals.map((l) => stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, { local_part: l, password: `pw-${l}-secret` })),
    );
    expect(results.map((r) => r.status)).toEqual(locals.map(() => 201));
    const vmailbox = await fs.readFile(mx.mail.vmailboxFile, 'utf8');
    const users = await fs.readFile(mx.mail.dovecotUsersFile, 'utf8');
    for (const l of locals) {
      expect(vmailbox).toContain(`${l}@${aliceDomain} ${aliceDomain}/${l}/\n`);
      expect(users).toContain(`\n${l}@${aliceDomain}:{SHA512-CRYPT}`);
    }
    await Promise.all(locals.map((l) => waitForLogin(mx.imapPort, `${l}@${aliceDomain}`, `pw-${l}-secret`, true)));
    expect((await sendMail(mx.smtpPort, `user7@${aliceDomain}`, 'to-user7')).dataCode).toBe(250);
    await waitForMessage(mx.imapPort, `user7@${aliceDomain}`, 'pw-user7-secret', 'to-user7');
  });

  test("the package's email account limit is enforced with 403 and nothing reaches the host", async () => {
    const res = await stack.request('POST', `/api/v1/accounts/${aliceId}/mailboxes`, { local_part: 'one-too-many', password: 'long-enough-1' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    expect(res.body.details[0]).toMatchObject({ reason: 'mailbox_limit_reached', limit: LIMIT });
    expect(await fs.readFile(mx.mail.vmailboxFile, 'utf8')).not.toContain('one-too-many');
    expect((await sendMail(mx.smtpPort, `one-too-many@${aliceDomain}`, 'x')).rcptCode).toBe(550);
  });

  test('DELETE a mailbox: 204, its address is unknown to SMTP, its login and maildir are gone', async () => {
    const res = await stack.request('DELETE', `/api/v1/accounts/${aliceId}/mailboxes/user19@${aliceDomain}`);
    expect(res.status).toBe(204);
    expect((await sendMail(mx.smtpPort, `user19@${aliceDomain}`, 'x')).rcptCode).toBe(550);
    await waitForLogin(mx.imapPort, `user19@${aliceDomain}`, 'pw-user19-secret', false);
    await expect(fs.lstat(join(mx.mail.maildirRoot, aliceDomain, 'user19'))).rejects.toThrow();
    expect((await stack.request('DELETE', `/api/v1/accounts/${aliceId}/mailboxes/user19@${aliceDomain}`)).status).toBe(404);
  });

  test("another account's mailbox is its own: bob gets mail and logs in; alice cannot see it", async () => {
    const res = await stack.request('POST', `/api/v1/accounts/${bobId}/mailboxes`, { local_part: 'sales', password: 'bob-mail-pass-1' });
    expect(res.status).toBe(201);
    expect((await sendMail(mx.smtpPort, `sales@${bobDomain}`, 'for-bob')).dataCode).toBe(250);
    await waitForMessage(mx.imapPort, `sales@${bobDomain}`, 'bob-mail-pass-1', 'for-bob');
    expect((await stack.request('DELETE', `/api/v1/accounts/${aliceId}/mailboxes/sales@${bobDomain}`)).status).toBe(404);
  });

  test('delete the account: SMTP answers 5xx, the maildir and every line are gone, the other account still works', async () => {
    const maildirs = join(mx.mail.maildirRoot, aliceDomain);
    // A symlink planted in the account's mail tree must be removed, never followed.
    const victim = join(mx.root, 'victim.txt');
    await fs.writeFile(victim, 'keep');
    await fs.symlink(victim, join(maildirs, 'info', 'planted'));

    expect((await stack.request('DELETE', `/api/v1/accounts/${aliceId}`)).status).toBe(204);
    const r = await sendMail(mx.smtpPort, info, 'after-delete');
    expect(r.rcptCode).toBeGreaterThanOrEqual(500);
    await expect(fs.lstat(maildirs)).rejects.toThrow();
    expect(await fs.readFile(victim, 'utf8')).toBe('keep');
    for (const f of [mx.mail.vmailboxFile, mx.mail.vdomainsFile, mx.mail.dovecotUsersFile, mx.mail.suspendedMapFile, mx.mail.dovecotSuspendedFile]) {
      expect(await fs.readFile(f, 'utf8')).not.toContain(aliceDomain);
    }
    await waitForLogin(mx.imapPort, info, 'new-mail-pass-456', false);
    expect(await stack.db('mailboxes').where({ account_id: aliceId }).count({ n: '*' })).toEqual([{ n: 0 }]);

    expect((await sendMail(mx.smtpPort, `sales@${bobDomain}`, 'bob-still-here')).dataCode).toBe(250);
    await waitForMessage(mx.imapPort, `sales@${bobDomain}`, 'bob-mail-pass-1', 'bob-still-here');
  });
});
