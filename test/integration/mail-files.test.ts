import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { PostfixDovecotMail } from '../../packages/agent/src/mail/postfix-dovecot-mail';
import { dovecotPasswordHash } from '../../packages/agent/src/mail/sha512-crypt';
import { execArgv } from '../../packages/agent/src/system/exec';
import { startMail, MailInstance } from '../harness/mail';
import { imapSearch, sendMail, waitForLogin, waitForMessage } from '../harness/mail-clients';

/**
 * The agent's mail writer against a real private Postfix + Dovecot, without the rest of
 * the stack: what it writes is what the daemons act on (SMTP → LMTP → maildir → IMAP).
 */
describe('PostfixDovecotMail against real Postfix and Dovecot', () => {
  let mx: MailInstance;
  let mail: PostfixDovecotMail;
  const domain = `mf${Date.now().toString(36)}.example.com`;
  const other = `other${Date.now().toString(36)}.example.com`;
  jest.setTimeout(120_000);

  beforeAll(async () => {
    mx = await startMail();
    mail = new PostfixDovecotMail(mx.mail, execArgv);
    await mail.ensureFiles();
  });
  afterAll(async () => {
    await mx?.stop();
  });

  const box = (local: string, d = domain, quotaMb = 0) => ({ address: `${local}@${d}`, local, domain: d, passwordHash: dovecotPasswordHash(`pw-${local}-secret`), quotaMb });
  const create = async (local: string, d = domain): Promise<void> => {
    await mail.ensureMaildir(local, d);
    await mail.putUser(box(local, d));
    await mail.addRecipient(local, d);
  };

  it('delivers SMTP mail to a mailbox that then logs in over IMAP; a wrong password is refused', async () => {
    await mail.addDomain(domain);
    await create('alice');
    const stat = await fs.stat(join(mx.mail.maildirRoot, domain, 'alice', 'new'));
    expect(stat.uid).toBe(Number((await fs.readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith(`${mx.vmailUser}:`))!.split(':')[2]));
    expect((await sendMail(mx.smtpPort, `alice@${domain}`, 'first-message')).dataCode).toBe(250);
    await waitForMessage(mx.imapPort, `alice@${domain}`, 'pw-alice-secret', 'first-message');
    expect((await imapSearch(mx.imapPort, `alice@${domain}`, 'wrong-password', 'x')).code).toBe(67);
    expect((await sendMail(mx.smtpPort, `nobody@${domain}`, 'x')).rcptCode).toBe(550);
  });

  it('suspension answers 450 and refuses IMAP; unsuspension restores both', async () => {
    await mail.suspendDomain(domain);
    const refused = await sendMail(mx.smtpPort, `alice@${domain}`, 'while-suspended');
    expect(refused.rcptCode).toBe(450);
    await waitForLogin(mx.imapPort, `alice@${domain}`, 'pw-alice-secret', false);
    await mail.unsuspendDomain(domain);
    await waitForLogin(mx.imapPort, `alice@${domain}`, 'pw-alice-secret', true);
    expect((await sendMail(mx.smtpPort, `alice@${domain}`, 'after-unsuspend')).dataCode).toBe(250);
    await waitForMessage(mx.imapPort, `alice@${domain}`, 'pw-alice-secret', 'after-unsuspend');
  });

  it('keeps all 20 mailboxes created in parallel, and all of them log in', async () => {
    const locals = Array.from({ length: 20 }, (_, i) => `user${i}`);
    await Promise.all(locals.map((l) => create(l)));
    const vmailbox = await fs.readFile(mx.mail.vmailboxFile, 'utf8');
    const users = await fs.readFile(mx.mail.dovecotUsersFile, 'utf8');
    for (const l of locals) {
      expect(vmailbox).toContain(`${l}@${domain} `);
      expect(users).toContain(`${l}@${domain}:`);
    }
    await Promise.all(locals.map((l) => waitForLogin(mx.imapPort, `${l}@${domain}`, `pw-${l}-secret`, true)));
  });

  it('removing a domain removes its lines, its maildirs and nothing of another domain', async () => {
    await mail.addDomain(other);
    await create('bob', other);
    // A symlink planted in the maildir tree must be removed, not followed.
    const outside = join(mx.root, 'outside-victim');
    await fs.writeFile(outside, 'keep me');
    await fs.symlink(outside, join(mx.mail.maildirRoot, domain, 'alice', 'link'));
    await mail.removeDomain(domain);
    expect((await sendMail(mx.smtpPort, `alice@${domain}`, 'after-delete')).rcptCode).toBeGreaterThanOrEqual(500);
    await expect(fs.lstat(join(mx.mail.maildirRoot, domain))).rejects.toThrow();
    expect(await fs.readFile(outside, 'utf8')).toBe('keep me');
    for (const f of [mx.mail.vmailboxFile, mx.mail.vdomainsFile, mx.mail.dovecotUsersFile, mx.mail.suspendedMapFile]) {
      expect(await fs.readFile(f, 'utf8')).not.toContain(domain);
    }
    await waitForLogin(mx.imapPort, `alice@${domain}`, 'pw-alice-secret', false);
    expect((await sendMail(mx.smtpPort, `bob@${other}`, 'still-here')).dataCode).toBe(250);
    await waitForMessage(mx.imapPort, `bob@${other}`, 'pw-bob-secret', 'still-here');
  });
});
