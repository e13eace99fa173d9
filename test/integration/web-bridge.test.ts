import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp, untilLogged, untilVhostLoaded } from '../harness/nginx-php';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

/*
 * A create answers once its vhost passed `nginx -t`; nginx loads the vhost with a reload
 * shared by every site created within the deferral window (here 6 s, so the checks below
 * run before it). Meanwhile the sites entry's bridge serves the site through root-owned
 * links. These tests attack the bridge as a hostile customer would: it must refuse what
 * the vhost refuses.
 */
let stack: Stack;
let daemons: NginxPhp;
let webRoot: string;
const alice = testUsername();
const bob = testUsername();

const body = (username: string) => ({ username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: 's3cur3p@ss', package_id: 1 });
const idOf = (username: string, flag: '-u' | '-g') => Number(execFileSync('id', [flag, username]).toString().trim());
const homeOf = (username: string) => join(stack.root, 'home', username);
const accessLogOf = (username: string) => join(daemons.web.logRoot, username, 'access.log');
const bridgeLogFile = () => join(daemons.web.logRoot, '.new-sites.access.log');
const bridgeDir = (name: string) => join(daemons.web.pagesDir, '.sites', name);
const nginxReloads = (): number => JSON.parse(readFileSync(join(stack.root, 'state', 'web-reload-stats.json'), 'utf8')).daemons.nginx.reloads;

/** nginx's reload count once the agent's stats file has caught up with the last reload (written after it). */
async function settledReloads(): Promise<number> {
  for (;;) {
    const before = nginxReloads();
    await new Promise((r) => setTimeout(r, 300));
    if (nginxReloads() === before) return before;
  }
}

async function createLoaded(username: string): Promise<string> {
  const res = await stack.request('POST', '/api/v1/accounts', body(username));
  expect(res.status).toBe(201);
  await untilVhostLoaded(daemons.port, testDomain(username), accessLogOf(username));
  return res.body.data.id;
}

/** A file in the customer's public_html, owned by the customer, as its upload would be. */
function place(username: string, name: string, content: string): void {
  const path = join(homeOf(username), 'public_html', name);
  writeFileSync(path, content);
  chownSync(path, idOf(username, '-u'), idOf(username, '-g'));
}

/** A symlink the customer plants (owned by the customer). */
function plant(username: string, target: string, path: string): void {
  symlinkSync(target, path);
  execFileSync('chown', ['-h', `${idOf(username, '-u')}:${idOf(username, '-g')}`, path]);
}

beforeAll(async () => {
  webRoot = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'webbridge-'));
  daemons = await startNginxPhp(webRoot);
  stack = await startStack({ agent: { web: { ...daemons.web, deferredReloadWindowMs: 6000 } } });
  expect((await stack.request('POST', '/api/v1/accounts', body(bob))).status).toBe(201);
  place(bob, 'secret.txt', 'bob-secret-bytes');
  await untilVhostLoaded(daemons.port, testDomain(bob), accessLogOf(bob));
});

afterAll(async () => {
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(webRoot, { recursive: true, force: true });
});

test('a new site is served at once through the bridge, as its vhost would serve it, and nothing of another account leaks', async () => {
  const res = await stack.request('POST', '/api/v1/accounts', body(alice));
  expect(res.status).toBe(201);
  const domain = testDomain(alice);

  // The links: the document root's belongs to alice's uid (so nginx follows it to her files only).
  expect(readFileSync(join(bridgeDir(domain), 'root') + '/index.html', 'utf8')).toContain(domain);
  expect(lstatSync(join(bridgeDir(domain), 'root')).uid).toBe(idOf(alice, '-u'));
  expect(lstatSync(bridgeDir(domain)).uid).toBe(0);

  const page = await httpGet(daemons.port, domain, '/?via-bridge=1');
  expect(page.status).toBe(200);
  expect(page.body).toContain(`Welcome to ${domain}`);
  expect((await httpGet(daemons.port, `www.${domain}`, '/?via-bridge=2')).status).toBe(200);
  place(alice, 'uid.php', '<?php echo posix_getuid();');
  const php = await httpGet(daemons.port, domain, '/uid.php?via-bridge=3');
  expect(php.status).toBe(200);
  expect(php.body).toBe(String(idOf(alice, '-u')));
  expect((await httpGet(daemons.port, domain, '/.env')).status).toBe(404);

  // A link inside her site to bob's file: refused, none of its bytes.
  plant(alice, join(homeOf(bob), 'public_html', 'secret.txt'), join(homeOf(alice), 'public_html', 'steal.txt'));
  const steal = await httpGet(daemons.port, domain, '/steal.txt');
  expect(steal.status).toBe(403);
  expect(steal.body).not.toContain('bob-secret-bytes');
  // Her public_html swapped for a link to bob's: refused too.
  const publicHtml = join(homeOf(alice), 'public_html');
  renameSync(publicHtml, `${publicHtml}.mine`);
  plant(alice, join(homeOf(bob), 'public_html'), publicHtml);
  const swapped = await httpGet(daemons.port, domain, '/secret.txt');
  expect(swapped.status).toBe(403);
  expect(swapped.body).not.toContain('bob-secret-bytes');
  rmSync(publicHtml);
  renameSync(`${publicHtml}.mine`, publicHtml);

  // It was the bridge that answered: its log has the requests, alice's own log not yet.
  await untilLogged(bridgeLogFile(), ['/?via-bridge=1', '/uid.php?via-bridge=3']);
  expect(existsSync(accessLogOf(alice)) ? readFileSync(accessLogOf(alice), 'utf8') : '').not.toContain('via-bridge');

  // Then nginx loads her vhost (one reload for whatever was created meanwhile).
  await untilVhostLoaded(daemons.port, domain, accessLogOf(alice));
  expect((await httpGet(daemons.port, domain, '/uid.php')).body).toBe(String(idOf(alice, '-u')));
});

test('names without links, and host headers nginx refuses, get nothing from the bridge', async () => {
  expect((await httpGet(daemons.port, 'nobody-here.example.com')).status).toBe(404);
  expect((await httpGet(daemons.port, '127.0.0.1')).status).toBe(404);
  for (const host of ['..', `..${testDomain(bob)}`, `a/../${testDomain(bob)}`]) {
    const res = await httpGet(daemons.port, host, '/secret.txt');
    expect(res.status).toBe(400);
    expect(res.body).not.toContain('bob-secret-bytes');
  }
});

test('delete removes the bridge\'s links with the vhost: the name is served by nothing', async () => {
  const list = await stack.request('GET', '/api/v1/accounts?per_page=100');
  const id = list.body.data.find((a: { username: string }) => a.username === alice).id;
  expect((await stack.request('DELETE', `/api/v1/accounts/${id}`)).status).toBe(204);
  for (const name of [testDomain(alice), `www.${testDomain(alice)}`]) expect(existsSync(bridgeDir(name))).toBe(false);
  expect((await httpGet(daemons.port, testDomain(alice))).status).toBe(404);
  expect((await httpGet(daemons.port, testDomain(bob), '/secret.txt')).body).toBe('bob-secret-bytes');
});

test('a loaded vhost reaches its site through the links: PHP sees the real paths, and a delete stops the site before the reload that unloads it', async () => {
  const carol = testUsername();
  const domain = testDomain(carol);
  const id = await createLoaded(carol);
  const vhost = readFileSync(join(daemons.web.nginx.sitesAvailable, `${domain}.conf`), 'utf8');
  expect(vhost).toContain(`set $hearth_site_root ${bridgeDir(domain)}/root;`);
  expect(vhost).toContain(`fastcgi_pass unix:${bridgeDir(domain)}/php.sock;`);
  place(carol, 'paths.php', '<?php echo $_SERVER["DOCUMENT_ROOT"], "|", $_SERVER["SCRIPT_FILENAME"], "|", posix_getuid();');
  const publicHtml = join(homeOf(carol), 'public_html');
  expect((await httpGet(daemons.port, domain, '/paths.php')).body).toBe(`${publicHtml}|${publicHtml}/paths.php|${idOf(carol, '-u')}`);

  const reloads = await settledReloads();
  expect((await stack.request('DELETE', `/api/v1/accounts/${id}`)).status).toBe(204);
  // Answered without reloading nginx (the unload is deferred), and nothing of the site is served.
  expect(nginxReloads()).toBe(reloads);
  for (const path of ['/', '/index.html', '/paths.php']) expect((await httpGet(daemons.port, domain, path)).status).toBe(404);
  expect((await httpGet(daemons.port, `www.${domain}`, '/paths.php')).status).toBe(404);
  // The reload that unloads it follows within the deferral window.
  const deadline = Date.now() + 20_000;
  while (nginxReloads() === reloads && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(nginxReloads()).toBeGreaterThan(reloads);
  expect((await httpGet(daemons.port, domain, '/paths.php')).status).toBe(404);
  expect((await httpGet(daemons.port, testDomain(bob), '/secret.txt')).body).toBe('bob-secret-bytes');
});

test('a suspended site\'s vhost does not go through the links: its delete waits for the reload that unloads it', async () => {
  const dave = testUsername();
  const id = await createLoaded(dave);
  expect((await stack.request('POST', `/api/v1/accounts/${id}/suspend`)).status).toBe(200);
  expect((await httpGet(daemons.port, testDomain(dave))).status).toBe(503);
  const reloads = await settledReloads();
  expect((await stack.request('DELETE', `/api/v1/accounts/${id}`)).status).toBe(204);
  expect(nginxReloads()).toBeGreaterThan(reloads);
  expect((await httpGet(daemons.port, testDomain(dave))).status).toBe(404);
});
