import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { startMail, MailInstance } from '../harness/mail';
import { waitForMessage } from '../harness/mail-clients';
import { curl } from '../harness/service-clients';
import { testMariaDb } from '../harness/mariadb';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/**
 * GET /accounts/{id}/usage and ?include=usage (issue 17): 50 MB written into the home and
 * a 5 MB mail delivered through Postfix/Dovecot show in the usage within the stated
 * delay (max_age_seconds, here 3 s), as do web traffic from nginx's access log and the
 * counts against the package; a repeat within the delay is answered from the agent's
 * cache (the same measured_at), which is what keeps a sweep of many accounts cheap.
 */
const MAX_AGE = 3;
let stack: Stack;
let daemons: NginxPhp;
let mx: MailInstance;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'usage-'));
  chmodSync(work, 0o755);
  mkdirSync(join(work, 'web'));
  daemons = await startNginxPhp(join(work, 'web'));
  mx = await startMail();
  const maria = testMariaDb();
  stack = await startStack({
    agent: { web: daemons.web, mail: mx.mail, databases: { socketPath: maria.socketPath, clientHosts: ['localhost', '127.0.0.1'] } },
    api: { usageMaxAgeSeconds: MAX_AGE },
  });
});

afterAll(async () => {
  await stack?.stop();
  await Promise.allSettled([daemons?.stop(), mx?.stop()]);
  removeTestUsers();
  rmSync(work, { recursive: true, force: true });
});

describe('account usage', () => {
  const owner = testUsername();
  const domain = testDomain(owner);
  let id: number;
  let pkg: number;

  beforeAll(async () => {
    const made = await stack.request('POST', '/api/v1/packages', {
      name: `usage-${randomBytes(4).toString('hex')}`, php_versions: ['8.2'], disk_quota_mb: 1000, bandwidth_mb: 5000, max_email_accounts: 4, max_databases: 3, max_domains: 2,
    });
    pkg = made.body.data.id;
    const res = await stack.request('POST', '/api/v1/accounts', { username: owner, domain, email: `o@${domain}`, password: 'long-enough-pass-1', package_id: pkg });
    expect(res.status).toBe(201);
    id = res.body.data.id;
    expect((await stack.request('POST', `/api/v1/accounts/${id}/mailboxes`, { local_part: 'box', password: 'mailbox-pass-1' })).status).toBe(201);
    expect((await stack.request('POST', `/api/v1/accounts/${id}/databases`, { name: `${owner}_shop` })).status).toBe(201);
  });

  const usage = async (): Promise<Record<string, any>> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await stack.request('GET', `/api/v1/accounts/${id}/usage`);
    expect(res.status).toBe(200);
    return res.body.data;
  };

  test('counts against the package, the stated delay, and a cached repeat', async () => {
    const first = await usage();
    process.stdout.write(`usage: ${JSON.stringify(first)}\n`);
    expect(first).toMatchObject({
      disk_limit_mb: 1000, bandwidth_limit_mb: 5000, max_age_seconds: MAX_AGE,
      domains: { used: 1, limit: 2 }, subdomains: { used: 0, limit: 0 }, mailboxes: { used: 1, limit: 4 }, databases: { used: 1, limit: 3 },
    });
    expect(first.disk_mb.home).toBeLessThan(5);
    expect(first.disk_mb.total).toBeCloseTo(first.disk_mb.home + first.disk_mb.mail + first.disk_mb.databases, 1);
    expect(first.bandwidth_month).toMatch(/^\d{4}-\d{2}$/);
    // Within the delay: the agent's cached measurement, not a new walk of the home.
    expect((await usage()).measured_at).toBe(first.measured_at);
  });

  test('50 MB into the home, a 5 MB mail and 3 MB of web traffic show within the stated delay', async () => {
    const home = join(stack.root, 'home', owner);
    const { uid, gid } = statSync(home);
    const big = join(home, 'big.bin');
    writeFileSync(big, randomBytes(50 * 1024 * 1024));
    chownSync(big, uid, gid);
    const page = join(home, 'public_html', 'mb.bin');
    writeFileSync(page, randomBytes(1024 * 1024));
    chownSync(page, uid, gid);
    for (let i = 0; i < 3; i++) expect((await httpGet(daemons.port, domain, '/mb.bin')).status).toBe(200);
    const mail = join(work, 'mail.eml');
    writeFileSync(mail, `From: a@outside.example.net\r\nTo: box@${domain}\r\nSubject: big-one\r\n\r\n${randomBytes(4_000_000).toString('base64').replace(/(.{76})/g, '$1\r\n')}\r\n`);
    const sent = await curl(['--url', `smtp://127.0.0.1:${mx.smtpPort}`, '--mail-from', 'a@outside.example.net', '--mail-rcpt', `box@${domain}`, '-T', mail]);
    expect(sent.code).toBe(0);
    await waitForMessage(mx.imapPort, `box@${domain}`, 'mailbox-pass-1', 'big-one');
    const written = Date.now();

    let seen: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
    while (Date.now() - written < (MAX_AGE + 30) * 1000) {
      seen = await usage();
      if (seen.disk_mb.home >= 50 && seen.disk_mb.mail >= 5 && seen.bandwidth_mb >= 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const delay = (Date.now() - written) / 1000;
    process.stdout.write(`usage reflected the writes after ${delay.toFixed(1)} s (stated delay ${MAX_AGE} s): ${JSON.stringify(seen)}\n`);
    expect(seen.disk_mb.home).toBeGreaterThanOrEqual(50);
    expect(seen.disk_mb.mail).toBeGreaterThanOrEqual(5);
    expect(seen.bandwidth_mb).toBeGreaterThanOrEqual(3);
    // Generous: the stated delay plus the time one measurement takes on a shared machine.
    expect(delay).toBeLessThanOrEqual(MAX_AGE + 15);
  });

  test('?include=usage lists each account with its usage; a bad include is 422', async () => {
    const res = await stack.request('GET', `/api/v1/accounts?include=usage&username=${owner}`);
    expect(res.status).toBe(200);
    expect(res.body.meta.usage_max_age_seconds).toBe(MAX_AGE);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ id, username: owner, usage: { mailboxes: { used: 1, limit: 4 }, disk_limit_mb: 1000 } });
    expect(res.body.data[0].usage.disk_mb.home).toBeGreaterThanOrEqual(50);
    expect((await stack.request('GET', '/api/v1/accounts')).body.data.every((a: object) => !('usage' in a))).toBe(true);
    expect((await stack.request('GET', '/api/v1/accounts?include=secrets')).status).toBe(422);
    expect((await stack.request('GET', '/api/v1/accounts/2147483647/usage')).status).toBe(404);
  });
});
