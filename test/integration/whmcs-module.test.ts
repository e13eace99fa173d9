import { execFile } from 'node:child_process';
import { chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { linuxUserExists, removeTestUsers, testUsername } from '../harness/names';

/**
 * The WHMCS module (integrations/whmcs/modules/servers/hearth/hearth.php) run by php-cli
 * against the real API, with test/whmcs/run-module.php standing in for WHMCS: TestConnection,
 * CreateAccount, SuspendAccount, UnsuspendAccount, TerminateAccount, ChangePassword,
 * ChangePackage, UsageUpdate (and its "Refresh usage" button), AdminServicesTabFields.
 */
let stack: Stack;
let logFile: string;
/** What UsageUpdate wrote to tblhosting, through the Capsule stand-in (one JSON line per update). */
let dbFile: string;
const RUNNER = join(__dirname, '..', 'whmcs', 'run-module.php');

beforeAll(async () => {
  stack = await startStack();
  logFile = join(stack.root, 'whmcs-module-log.jsonl');
  writeFileSync(logFile, '');
  dbFile = join(stack.root, 'whmcs-db.jsonl');
  writeFileSync(dbFile, '');
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

/** Runs hearth_<fn>($params) with php and returns what it returned. */
function runModule(fn: string, params: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = execFile('php', [RUNNER, fn], { env: { ...process.env, HEARTH_WHMCS_LOG: logFile, HEARTH_WHMCS_DB: dbFile }, timeout: 200_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`php ${fn}: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout));
    });
    child.stdin!.end(JSON.stringify(params));
  });
}

/** WHMCS's parameters for one service on a plain-HTTP loopback server. */
function serviceParams(serviceId: number, username: string, token = stack.token): Record<string, unknown> {
  const port = new URL(stack.url).port;
  return {
    serverhostname: '127.0.0.1', serverport: port, serversecure: '', serveraccesshash: token, serverid: 1,
    serviceid: serviceId, username, domain: `${username}.example.com`, password: 'whmcs-Pass-1234',
    clientsdetails: { email: `owner@${username}.example.com` }, configoption1: '1',
  };
}

const status = async (username: string): Promise<string | undefined> => (await stack.db('accounts').where({ username }).first())?.status;

test('TestConnection: success with a billing token, a clear error with a wrong one', async () => {
  const billing = await stack.createToken(['account.create', 'account.suspend', 'account.unsuspend', 'account.terminate']);
  expect(await runModule('TestConnection', serviceParams(1, 'unused', billing))).toEqual({ success: true, error: '' });
  const wrong = (await runModule('TestConnection', serviceParams(1, 'unused', 'hth_wrongwrongwrong'))) as { success: boolean; error: string };
  process.stdout.write(`TestConnection with a wrong token: ${wrong.error}\n`);
  expect(wrong.success).toBe(false);
  expect(wrong.error).toMatch(/^TestConnection failed: the API token in the server's Access Hash was refused \(401\)\./);
});

test('create (retried: one account), suspend twice, unsuspend, terminate twice: each "success"', async () => {
  const billing = await stack.createToken(['account.create', 'account.suspend', 'account.unsuspend', 'account.terminate']);
  const username = testUsername();
  const p = serviceParams(4242, username, billing);

  expect(await runModule('CreateAccount', p)).toBe('success');
  // WHMCS's retry of the same service: the Idempotency-Key replays the first answer.
  expect(await runModule('CreateAccount', p)).toBe('success');
  expect(await stack.db('accounts').where({ username }).count({ n: '*' })).toEqual([{ n: 1 }]);
  expect(linuxUserExists(username)).toBe(true);

  const tab = (await runModule('AdminServicesTabFields', p)) as Record<string, string>;
  expect(tab['Hearth status']).toBe('active');
  expect(tab['Hearth package']).toBe('1');

  expect(await runModule('SuspendAccount', p)).toBe('success');
  expect(await status(username)).toBe('suspended');
  expect(await runModule('SuspendAccount', p)).toBe('success');
  expect(await runModule('UnsuspendAccount', p)).toBe('success');
  expect(await status(username)).toBe('active');

  expect(await runModule('TerminateAccount', p)).toBe('success');
  expect(await status(username)).toBeUndefined();
  expect(linuxUserExists(username)).toBe(false);
  // Already gone: still success.
  expect(await runModule('TerminateAccount', p)).toBe('success');
});

test('a refused create names the bad fields; the module log never holds the token or the password', async () => {
  const username = testUsername();
  const p = { ...serviceParams(4343, username), domain: 'a..b' };
  const answer = await runModule('CreateAccount', p);
  expect(answer).toBe('CreateAccount failed (HTTP 422): Request is invalid (domain has an empty label (two dots in a row, or a dot at the start))');
  const log = readFileSync(logFile, 'utf8');
  const calls = log.trim().split('\n').map((l) => JSON.parse(l) as { action: string; request: string; replace: number });
  const create = calls.filter((c) => c.action === 'POST /accounts' && c.request.includes('a..b'));
  expect(create).toHaveLength(1);
  // The password was sent, masked in the log: logModuleCall got the token and the password to hide.
  expect(JSON.parse(create[0].request).password).toBe('*'.repeat('whmcs-Pass-1234'.length));
  expect(calls.every((c) => c.replace === 2)).toBe(true);
  expect(log).not.toContain(stack.token);
  expect(log).not.toContain('whmcs-Pass-1234');
});

async function panelLogin(login: string, password: string): Promise<number> {
  return (await stack.request('POST', '/api/v1/auth/login', { login, password }, null)).status;
}

test('ChangePassword: the new password opens the panel, the old one is refused; retried: still success', async () => {
  const billing = await stack.createToken(['account.create', 'account.password']);
  const username = testUsername();
  const p = serviceParams(4444, username, billing);
  expect(await runModule('CreateAccount', p)).toBe('success');
  expect(await panelLogin(username, 'whmcs-Pass-1234')).toBe(200);

  const changed = { ...p, password: 'whmcs-New-5678' };
  expect(await runModule('ChangePassword', changed)).toBe('success');
  expect(await panelLogin(username, 'whmcs-New-5678')).toBe(200);
  expect(await panelLogin(username, 'whmcs-Pass-1234')).toBe(401);
  // WHMCS's retry of the same change, then back to the first password and to the second
  // again (the same key as the first change: its stored answer must not stand in for it).
  expect(await runModule('ChangePassword', changed)).toBe('success');
  expect(await runModule('ChangePassword', p)).toBe('success');
  expect(await panelLogin(username, 'whmcs-Pass-1234')).toBe(200);
  expect(await runModule('ChangePassword', changed)).toBe('success');
  expect(await panelLogin(username, 'whmcs-New-5678')).toBe(200);
  expect(await panelLogin(username, 'whmcs-Pass-1234')).toBe(401);

  // A token without account.password: a clear error, nothing changed.
  const weak = await stack.createToken(['account.create']);
  const refused = await runModule('ChangePassword', { ...serviceParams(4444, username, weak), password: 'whmcs-Other-9999' });
  expect(refused).toMatch(/^ChangePassword failed: the API token lacks a permission \(403\)\./);
  expect(await panelLogin(username, 'whmcs-New-5678')).toBe(200);

  const log = readFileSync(logFile, 'utf8');
  expect(log).not.toContain('whmcs-New-5678');
  expect(log).not.toContain(billing);
});

test('ChangePackage: up and back down, the agent applies each package\'s limits; a refused change is a clear error', async () => {
  const billing = await stack.createToken(['account.create', 'account.package', 'account.suspend', 'account.unsuspend']);
  const made = await stack.request('POST', '/api/v1/packages', { name: `whmcs-big-${Date.now()}`, php_versions: ['8.2'], php_workers: 9, php_memory_mb: 320, disk_quota_mb: 2048 });
  expect(made.status).toBe(201);
  const big = made.body.data.id as number;
  const small = await stack.request('GET', '/api/v1/packages/1');
  const username = testUsername();
  const p = serviceParams(4545, username, billing);
  const limits = (): Record<string, number> => JSON.parse(readFileSync(join(stack.root, 'state', 'accounts', `${username}.json`), 'utf8')).limits;
  expect(await runModule('CreateAccount', p)).toBe('success');

  expect(await runModule('ChangePackage', { ...p, configoption1: String(big) })).toBe('success');
  expect((await stack.db('accounts').where({ username }).first()).package_id).toBe(big);
  expect(limits()).toMatchObject({ phpWorkers: 9, phpMemoryMb: 320, diskQuotaMb: 2048 });
  // Retried: still success, still one change.
  expect(await runModule('ChangePackage', { ...p, configoption1: String(big) })).toBe('success');

  expect(await runModule('ChangePackage', p)).toBe('success');
  expect((await stack.db('accounts').where({ username }).first()).package_id).toBe(1);
  expect(limits()).toMatchObject({ phpWorkers: small.body.data.php_workers, phpMemoryMb: small.body.data.php_memory_mb });
  // Up again: the same key as the first upgrade, whose stored answer must not stand in for it.
  expect(await runModule('ChangePackage', { ...p, configoption1: String(big) })).toBe('success');
  expect((await stack.db('accounts').where({ username }).first()).package_id).toBe(big);
  expect(limits()).toMatchObject({ phpWorkers: 9 });

  // Refused: a suspended account, and a package that does not exist.
  expect(await runModule('SuspendAccount', p)).toBe('success');
  const suspended = await runModule('ChangePackage', p);
  process.stdout.write(`ChangePackage of a suspended account: ${suspended}\n`);
  expect(suspended).toMatch(/^ChangePackage failed \(HTTP 409\): The account is suspended/);
  expect(await runModule('UnsuspendAccount', p)).toBe('success');
  expect(await runModule('ChangePackage', { ...p, configoption1: '2147483000' })).toMatch(/^ChangePackage failed \(HTTP 422\): .*package_id must name an existing package/);
  expect((await stack.db('accounts').where({ username }).first()).package_id).toBe(big);
});

test('UsageUpdate writes each account\'s disk and bandwidth with its package\'s limits into tblhosting', async () => {
  const billing = await stack.createToken(['account.create']);
  const made = await stack.request('POST', '/api/v1/packages', { name: `whmcs-usage-${Date.now()}`, php_versions: ['8.2'], disk_quota_mb: 700, bandwidth_mb: 9000 });
  const username = testUsername();
  const p = { ...serviceParams(4646, username, billing), configoption1: String(made.body.data.id) };
  expect(await runModule('CreateAccount', p)).toBe('success');
  const home = join(stack.root, 'home', username);
  const file = join(home, 'data.bin');
  writeFileSync(file, randomBytes(20 * 1024 * 1024));
  const { uid, gid } = statSync(home);
  chownSync(file, uid, gid);

  writeFileSync(dbFile, '');
  expect(await runModule('UsageUpdate', p)).toBe('success');
  const rows = readFileSync(dbFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { table: string; where: Record<string, unknown>; update: Record<string, number | string> });
  const mine = rows.filter((r) => r.where.username === username);
  expect(mine).toHaveLength(1);
  expect(mine[0].table).toBe('tblhosting');
  expect(mine[0].where.server).toBe(1);
  expect(mine[0].update).toMatchObject({ disklimit: 700, bwlimit: 9000, bwusage: 0 });
  expect(Number(mine[0].update.diskusage)).toBeGreaterThanOrEqual(20);
  expect(mine[0].update.lastupdate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  // Every account of the server is updated, page by page.
  expect(rows.length).toBe((await stack.request('GET', '/api/v1/accounts')).body.meta.total);
  // The admin button runs the same.
  expect(await runModule('RefreshUsage', p)).toBe('success');
});
