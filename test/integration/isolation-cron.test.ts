import { chownSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startStack, Stack } from '../harness/stack';
import { CRON_SPOOL as SPOOL, accountBody, removeTestUsers, testUsername } from '../harness/names';
import { asCustomer, idsOf } from '../harness/hostile-customer';

/*
 * A customer's scheduled jobs do not outlive its account. Anything running as the
 * customer (its PHP, an FTP-uploaded script it gets run) can install a crontab with the
 * real `crontab`, and cron keeps the file of a user that no longer exists under its name:
 * the same name created again (a billing system's terminate and re-create) would run the
 * old customer's jobs as the new account — and useradd hands the freed uid out again when
 * it was the highest, so even cron's owner check passes.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

function crontabOf(username: string): { status: number; out: string } {
  const r = spawnSync('crontab', ['-l', '-u', username], { encoding: 'utf8' });
  return { status: r.status ?? -1, out: r.stdout + r.stderr };
}

async function create(username: string): Promise<number> {
  const res = await stack.request('POST', '/api/v1/accounts', accountBody(username));
  expect(res.status).toBe(201);
  return res.body.data.id;
}

/** The customer installs a crontab with the real crontab(1), under its own uid and no groups. */
function installCrontabAsCustomer(username: string, marker: string): void {
  const { uid, gid } = idsOf(username);
  const file = join(stack.root, 'home', username, 'tmp', 'jobs');
  writeFileSync(file, `* * * * * /usr/bin/touch /tmp/${marker}\n`, { mode: 0o600 });
  chownSync(file, uid, gid);
  const r = asCustomer(username, ['crontab', file]);
  expect(r).toMatchObject({ status: 0 });
  expect(statSync(join(SPOOL, username)).uid).toBe(uid);
  expect(crontabOf(username).out).toContain(marker);
}

test('the crontab a customer installed goes with its account; the name created again has none', async () => {
  const username = testUsername();
  const id = await create(username);
  installCrontabAsCustomer(username, `hearth-cron-${username}`);

  expect((await stack.request('DELETE', `/api/v1/accounts/${id}`)).status).toBe(204);
  expect(existsSync(join(SPOOL, username))).toBe(false);

  // Often with the same uid (freed as the highest, handed out again), which cron's owner check cannot tell apart.
  await create(username);
  expect(crontabOf(username)).toMatchObject({ status: 1, out: expect.stringContaining(`no crontab for ${username}`) });
});

test('a create removes a crontab left under its name before the user exists', async () => {
  const username = testUsername();
  // What a delete before this fix, or a userdel by hand, left: the file of a user that is gone.
  mkdirSync(SPOOL, { recursive: true });
  writeFileSync(join(SPOOL, username), '* * * * * /usr/bin/touch /tmp/left-behind\n', { mode: 0o600 });
  try {
    await create(username);
    expect(existsSync(join(SPOOL, username))).toBe(false);
    expect(crontabOf(username).status).toBe(1);
  } finally {
    rmSync(join(SPOOL, username), { force: true });
  }
});
