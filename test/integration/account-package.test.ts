import { chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { accountLifecycle } from '../../packages/agent/src/compose-agent';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { startMail, MailInstance } from '../harness/mail';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { testMariaDb } from '../harness/mariadb';

/**
 * POST /accounts/{id}/package (issue 17): the new package's limits are applied on the
 * host — the PHP-FPM pool file and what a running PHP page sees (real nginx + php-fpm) —
 * up and down; a downgrade below what the account uses (mailboxes, databases) answers
 * 409 naming each limit and its usage, and changes nothing (host and panel compared
 * before/after).
 */
let stack: Stack;
let daemons: NginxPhp;
let mx: MailInstance;
let webRoot: string;

beforeAll(async () => {
  webRoot = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'pkgchg-'));
  daemons = await startNginxPhp(webRoot);
  mx = await startMail();
  const maria = testMariaDb();
  stack = await startStack({ agent: { web: daemons.web, mail: mx.mail, databases: { socketPath: maria.socketPath, clientHosts: ['localhost', '127.0.0.1'] } } });
});

afterAll(async () => {
  await stack?.stop();
  await Promise.allSettled([daemons?.stop(), mx?.stop()]);
  removeTestUsers();
  rmSync(webRoot, { recursive: true, force: true });
});

async function makePackage(fields: Record<string, unknown>): Promise<number> {
  const res = await stack.request('POST', '/api/v1/packages', { name: `pkg-${randomBytes(4).toString('hex')}`, php_versions: ['8.2'], ...fields });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

describe('POST /api/v1/accounts/{id}/package', () => {
  const owner = testUsername();
  const domain = testDomain(owner);
  let id: number;
  let small: number;
  let big: number;
  const pool = (): string => join(daemons.web.php.poolDirPattern.replace('{version}', '8.2'), `${domain}.conf`);
  const record = (): { limits: Record<string, unknown> } => JSON.parse(readFileSync(join(stack.root, 'state', 'accounts', `${owner}.json`), 'utf8'));
  const page = async (): Promise<{ memory: string }> => {
    const res = await httpGet(daemons.port, domain, '/limits.php');
    expect(res.status).toBe(200);
    return { memory: res.body.trim() };
  };
  const snapshot = async () => ({
    pool: readFileSync(pool(), 'utf8'), record: record(), page: await page(),
    account: (await stack.request('GET', `/api/v1/accounts/${id}`)).body.data,
  });

  beforeAll(async () => {
    small = await makePackage({ php_workers: 2, php_memory_mb: 64, max_databases: 1, max_email_accounts: 1, disk_quota_mb: 100 });
    big = await makePackage({ php_workers: 7, php_memory_mb: 192, max_databases: 5, max_email_accounts: 5, disk_quota_mb: 500 });
    const res = await stack.request('POST', '/api/v1/accounts', { username: owner, domain, email: `o@${domain}`, password: 'long-enough-pass-1', package_id: small });
    expect(res.status).toBe(201);
    id = res.body.data.id;
    // What the running PHP sees (memory_limit); pm.max_children is read from the pool file
    // PHP-FPM loaded (a page cannot see it).
    const php = join(stack.root, 'home', owner, 'public_html', 'limits.php');
    writeFileSync(php, "<?php echo ini_get('memory_limit');");
    const { uid, gid } = statSync(join(stack.root, 'home', owner));
    chownSync(php, uid, gid);
  });

  test('bad input, an unknown package and a token without account.package change nothing', async () => {
    const before = await snapshot();
    expect((await stack.request('POST', `/api/v1/accounts/${id}/package`, {})).status).toBe(422);
    const unknown = await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: 2147483647 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details[0].field).toBe('package_id');
    const token = await stack.createToken(['account.password']);
    expect((await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: big }, token)).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  test('up: the pool file and the running PHP take the new limits; down after usage shrank: back again', async () => {
    expect(readFileSync(pool(), 'utf8')).toMatch(/^pm\.max_children = 2$/m);
    expect((await page()).memory).toBe('64M');

    const token = await stack.createToken(['account.package']);
    const up = await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: big }, token);
    expect(up.status).toBe(200);
    expect(up.body.data).toMatchObject({ id, package_id: big });
    const file = readFileSync(pool(), 'utf8');
    expect(file).toMatch(/^pm\.max_children = 7$/m);
    expect(file).toMatch(/^php_admin_value\[memory_limit\] = 192M$/m);
    expect((await page()).memory).toBe('192M');
    expect(record().limits).toMatchObject({ phpWorkers: 7, phpMemoryMb: 192, diskQuotaMb: 500, phpVersion: '8.2' });
    expect((await stack.request('GET', `/api/v1/accounts/${id}`)).body.data.package_id).toBe(big);

    // Two mailboxes and two databases: more than the small package allows.
    for (const local of ['one', 'two']) {
      expect((await stack.request('POST', `/api/v1/accounts/${id}/mailboxes`, { local_part: local, password: 'mailbox-pass-1' })).status).toBe(201);
    }
    for (const name of ['a', 'b']) {
      expect((await stack.request('POST', `/api/v1/accounts/${id}/databases`, { name: `${owner}_${name}` })).status).toBe(201);
    }
    const before = await snapshot();
    const refused = await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: small }, token);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('conflict');
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'max_email_accounts', limit: 1, usage: 2 }),
      expect.objectContaining({ field: 'max_databases', limit: 1, usage: 2 }),
    ]);
    expect(await snapshot()).toEqual(before);

    // Usage brought down to the small package's limits: the downgrade goes through.
    expect((await stack.request('DELETE', `/api/v1/accounts/${id}/mailboxes/two@${domain}`)).status).toBe(204);
    expect((await stack.request('DELETE', `/api/v1/accounts/${id}/databases/${owner}_b`)).status).toBe(204);
    const down = await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: small }, token);
    expect(down.status).toBe(200);
    const after = readFileSync(pool(), 'utf8');
    expect(after).toMatch(/^pm\.max_children = 2$/m);
    expect(after).toMatch(/^php_admin_value\[memory_limit\] = 64M$/m);
    expect((await page()).memory).toBe('64M');
    expect(record().limits).toMatchObject({ phpWorkers: 2, phpMemoryMb: 64, diskQuotaMb: 100 });
  });

  test('a change PHP-FPM refuses (php-fpm -t) is undone: pool, record, running PHP and package as before', async () => {
    const before = await snapshot();
    const restart = async (web: Record<string, unknown>): Promise<void> => {
      await stack.stopAgent();
      writeFileSync(stack.agentConfigFile, JSON.stringify({ ...stack.agentConfig, web }));
      await stack.startAgent();
    };
    await restart({ ...daemons.web, faultPhpTestFor: [domain] });
    try {
      const res = await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: big });
      expect(res.status).toBe(500);
      expect(res.body.error).toBe('provisioning_failed');
      expect(await snapshot()).toEqual(before);
    } finally {
      await restart(daemons.web as unknown as Record<string, unknown>);
    }
  });

  test('the agent killed before each step of the change: after its restart pool, record, running PHP and package are as before', async () => {
    const before = await snapshot();
    const fault = join(stack.root, 'state', 'fault.json');
    const steps = accountLifecycle().changeLimits.steps.length;
    const agentAnswers = async (): Promise<void> => {
      // The API's agent client reconnects within its short back-off (as fault-injection.test.ts).
      for (let i = 0; i < 100 && (await stack.request('GET', '/readyz', undefined, null)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    };
    for (let k = 0; k < steps; k++) {
      await agentAnswers();
      const proc = stack.agentProcess()!;
      const exited = new Promise((r) => proc.once('exit', r));
      writeFileSync(fault, JSON.stringify({ kind: 'change_account_limits', step: k, phase: 'apply' }));
      const res = await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: big });
      expect({ k, status: res.status }).toEqual({ k, status: 503 });
      await exited;
      rmSync(fault, { force: true });
      // Start-up recovery undoes the journaled steps before the socket opens.
      await stack.startAgent();
      expect({ k, ...(await snapshot()) }).toEqual({ k, ...before });
    }
    await agentAnswers();
    process.stdout.write(`package change: ${steps} crash points, each rolled back\n`);
  }, 300_000);

  test('a suspended account is refused with 409 and keeps its package', async () => {
    expect((await stack.request('POST', `/api/v1/accounts/${id}/suspend`)).status).toBe(200);
    const res = await stack.request('POST', `/api/v1/accounts/${id}/package`, { package_id: big });
    expect(res.status).toBe(409);
    expect((await stack.request('GET', `/api/v1/accounts/${id}`)).body.data.package_id).toBe(small);
    expect((await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`)).status).toBe(200);
  });
});
