import { execFileSync } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp, untilLogged, untilVhostLoaded } from '../harness/nginx-php';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/*
 * nginx's master runs as root and opens every vhost's log paths itself. Those paths are in
 * a root-controlled directory ({logRoot}/{username}/), never in the customer's home: a
 * customer who turns `~/logs` into a symlink gets nothing written through it, and one who
 * deletes `~/logs` breaks nothing (the next account create still passes `nginx -t`).
 */
let stack: Stack;
let daemons: NginxPhp;
let webRoot: string;
const alice = testUsername();
const bob = testUsername();
const carol = testUsername();

function body(username: string) {
  return { username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: 's3cur3p@ss', package_id: 1 };
}

function ids(username: string): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', username]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', username]).toString().trim()),
  };
}

/** Runs a program as the account's own user, as the customer's PHP or a shell would. */
function asUser(username: string, args: string[]): { ok: boolean; out: string } {
  const { uid, gid } = ids(username);
  try {
    const out = execFileSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out: out.toString() };
  } catch (e) {
    return { ok: false, out: String((e as { stderr?: Buffer }).stderr ?? '') };
  }
}

const logDirOf = (username: string) => join(daemons.web.logRoot, username);
const homeOf = (username: string) => join(stack.root, 'home', username);

beforeAll(async () => {
  webRoot = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'weblogs-'));
  daemons = await startNginxPhp(webRoot);
  stack = await startStack({ agent: { web: daemons.web } });
});

afterAll(async () => {
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(webRoot, { recursive: true, force: true });
});

test('nginx logs into a root-owned directory the customer may read; ~/logs only holds symlinks to it', async () => {
  const res = await stack.request('POST', '/api/v1/accounts', body(alice));
  expect(res.status).toBe(201);
  expect((await httpGet(daemons.port, testDomain(alice), '/')).status).toBe(200);
  // Served at once through the bridge; the account's own log once nginx loaded its vhost.
  await untilVhostLoaded(daemons.port, testDomain(alice), join(logDirOf(alice), 'access.log'));
  expect((await httpGet(daemons.port, testDomain(alice), '/')).status).toBe(200);

  const dir = statSync(logDirOf(alice));
  expect(dir.uid).toBe(0);
  expect(dir.gid).toBe(ids(alice).gid);
  expect(dir.mode & 0o777).toBe(0o750);
  const vhost = readFileSync(join(daemons.web.nginx.sitesAvailable, `${testDomain(alice)}.conf`), 'utf8');
  expect(vhost).toContain(`access_log ${logDirOf(alice)}/access.log;`);
  expect(vhost).not.toContain(`${homeOf(alice)}/logs`);
  expect(vhost).not.toMatch(/_log \/.*\/home\//);

  for (const name of ['access.log', 'error.log']) {
    const link = join(homeOf(alice), 'logs', name);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join(logDirOf(alice), name));
    expect(lstatSync(link).uid).toBe(ids(alice).uid); // made with the customer's rights, deletable by it
  }
  // The customer reads its access log through the symlink but cannot write it.
  await untilLogged(join(logDirOf(alice), 'access.log'), ['GET / HTTP/1.1']);
  const read = asUser(alice, ['cat', join(homeOf(alice), 'logs', 'access.log')]);
  expect(read.ok).toBe(true);
  expect(read.out).toContain('GET / HTTP/1.1');
  expect(asUser(alice, ['sh', '-c', `echo forged >> ${join(logDirOf(alice), 'access.log')}`]).ok).toBe(false);
});

test('a customer-made ~/logs symlink to another directory never receives anything from nginx', async () => {
  // The customer points ~/logs at a directory of its own (it could be anywhere it likes).
  const decoy = join(homeOf(alice), 'decoy');
  mkdirSync(decoy);
  chownSync(decoy, ids(alice).uid, ids(alice).gid);
  rmSync(join(homeOf(alice), 'logs'), { recursive: true, force: true });
  symlinkSync(decoy, join(homeOf(alice), 'logs'));
  chownSync(join(homeOf(alice), 'logs'), ids(alice).uid, ids(alice).gid);

  // Another account's create reloads nginx (every log is reopened); alice's site gets traffic.
  expect((await stack.request('POST', '/api/v1/accounts', body(bob))).status).toBe(201);
  await untilVhostLoaded(daemons.port, testDomain(bob), join(logDirOf(bob), 'access.log'));
  for (let i = 0; i < 5; i++) expect((await httpGet(daemons.port, testDomain(alice), `/?after-symlink=${i}`)).status).toBe(200);
  expect((await httpGet(daemons.port, testDomain(alice), '/missing-page')).status).toBe(404);

  expect(readdirSync(decoy)).toEqual([]);
  await untilLogged(join(logDirOf(alice), 'access.log'), ['/?after-symlink=4', '/missing-page']);
});

test('deleting ~/logs does not break a later account create or anyone\'s site', async () => {
  rmSync(join(homeOf(bob), 'logs'), { recursive: true, force: true });
  rmSync(join(homeOf(alice), 'logs'), { force: true });

  const res = await stack.request('POST', '/api/v1/accounts', body(carol));
  expect(res.status).toBe(201);
  for (const user of [alice, bob, carol]) expect((await httpGet(daemons.port, testDomain(user), '/')).status).toBe(200);
  await untilLogged(join(logDirOf(bob), 'access.log'), ['GET / HTTP/1.1']);
});

test('account delete removes its log directory', async () => {
  const list = await stack.request('GET', '/api/v1/accounts?per_page=100');
  const carolId = list.body.data.find((a: { username: string }) => a.username === carol).id;
  expect(statSync(logDirOf(carol)).isDirectory()).toBe(true);
  expect((await stack.request('DELETE', `/api/v1/accounts/${carolId}`)).status).toBe(204);
  expect(() => lstatSync(logDirOf(carol))).toThrow(/ENOENT/);
  expect((await httpGet(daemons.port, testDomain(alice), '/')).status).toBe(200);
});
