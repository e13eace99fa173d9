import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { linuxUserExists, removeTestUsers, testUsername } from '../harness/names';

/**
 * The WHMCS module (integrations/whmcs/modules/servers/hearth/hearth.php) run by php-cli
 * against the real API, with test/whmcs/run-module.php standing in for WHMCS. Only the
 * functions whose API routes exist are exercised here: TestConnection, CreateAccount,
 * SuspendAccount, UnsuspendAccount, TerminateAccount, AdminServicesTabFields.
 */
let stack: Stack;
let logFile: string;
const RUNNER = join(__dirname, '..', 'whmcs', 'run-module.php');

beforeAll(async () => {
  stack = await startStack();
  logFile = join(stack.root, 'whmcs-module-log.jsonl');
  writeFileSync(logFile, '');
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

/** Runs hearth_<fn>($params) with php and returns what it returned. */
function runModule(fn: string, params: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = execFile('php', [RUNNER, fn], { env: { ...process.env, HEARTH_WHMCS_LOG: logFile }, timeout: 200_000 }, (err, stdout, stderr) => {
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
