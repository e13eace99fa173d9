import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { linuxUserExists, removeTestUsers, testDomain, testUsername } from '../harness/names';

/*
 * Issue 3 end to end: accounts created through the API are served by a real nginx with
 * PHP running as the account's own user; suspension, unsuspension and deletion are what
 * a visitor sees; a create refused by `nginx -t` leaves nothing, and another account's
 * site answers 200 the whole time.
 */
let stack: Stack;
let daemons: NginxPhp;
let webRoot: string;
const badUser = testUsername();
const neighbour = testUsername();
const alice = testUsername();

// Every status the neighbour's site answered while the other tests ran.
const neighbourStatuses: number[] = [];
let watching = false;
let watcher: Promise<void> = Promise.resolve();

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function uidOf(username: string): number {
  return Number(execFileSync('id', ['-u', username]).toString().trim());
}

function body(username: string) {
  return { username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: 's3cur3p@ss', package_id: 1 };
}

function webFiles(username: string) {
  const domain = testDomain(username);
  return {
    vhost: join(daemons.web.nginx.sitesAvailable, `${domain}.conf`),
    link: join(daemons.web.nginx.sitesEnabled, `${domain}.conf`),
    pool: join(daemons.web.php.poolDirPattern.replace('{version}', '8.2'), `${domain}.conf`),
    socket: join(daemons.web.php.socketDir, `hearth-${username}.sock`),
    home: join(stack.root, 'home', username),
  };
}

beforeAll(async () => {
  webRoot = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'web-'));
  daemons = await startNginxPhp(webRoot);
  stack = await startStack({ agent: { web: { ...daemons.web, faultNginxTestFor: [testDomain(badUser)] } } });
  const created = await stack.request('POST', '/api/v1/accounts', body(neighbour));
  expect(created.status).toBe(201);
  watching = true;
  watcher = (async () => {
    while (watching) {
      neighbourStatuses.push((await httpGet(daemons.port, testDomain(neighbour))).status);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
});

afterAll(async () => {
  watching = false;
  await watcher;
  await stack?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('web hosting through the API', () => {
  let id: number;

  test('a created account serves its default page and runs PHP as its own user', async () => {
    const res = await stack.request('POST', '/api/v1/accounts', body(alice));
    expect(res.status).toBe(201);
    id = res.body.data.id;

    // A 201 means the site serves: no waiting, no retry.
    const page = await httpGet(daemons.port, testDomain(alice));
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Welcome to ${testDomain(alice)}`);

    const files = webFiles(alice);
    const php = join(files.home, 'public_html', 'whoami.php');
    writeFileSync(php, '<?php echo posix_getuid();');
    chownSync(php, uidOf(alice), uidOf(alice));
    const who = await httpGet(daemons.port, testDomain(alice), '/whoami.php');
    expect(who.status).toBe(200);
    expect(Number(who.body)).toBe(uidOf(alice));
    expect(who.body).not.toBe('0');
    expect(who.body).not.toBe(String(uidOf('www-data')));
    // The pool names its owners by number; PHP still runs in the account's group alone,
    // with the account's HOME and USER.
    const ids = join(files.home, 'public_html', 'ids.php');
    writeFileSync(ids, '<?php echo posix_getgid(), " ", implode(",", posix_getgroups()), " ", getenv("HOME"), " ", getenv("USER");');
    chownSync(ids, uidOf(alice), uidOf(alice));
    const gid = Number(execFileSync('id', ['-g', alice], { encoding: 'utf8' }).trim());
    expect((await httpGet(daemons.port, testDomain(alice), '/ids.php')).body).toBe(`${gid} ${gid} ${files.home} ${alice}`);

    expect(lstatSync(files.link).isSymbolicLink()).toBe(true);
    expect(statSync(files.pool).isFile()).toBe(true);
    expect(statSync(files.socket).isSocket()).toBe(true);
    expect(statSync(files.socket).uid).toBe(uidOf('www-data'));
  });

  test('dot paths are never served or run (404), and ACME tokens come from the challenge directory, not the customer', async () => {
    const files = webFiles(alice);
    // As the customer would: files and directories of their own inside public_html.
    const put = (rel: string, content: string) => {
      const parts = rel.split('/');
      let dir = join(files.home, 'public_html');
      for (const part of parts.slice(0, -1)) {
        dir = join(dir, part);
        if (!existsSync(dir)) {
          mkdirSync(dir, { mode: 0o755 });
          chownSync(dir, uidOf(alice), uidOf(alice));
        }
      }
      writeFileSync(join(dir, parts[parts.length - 1]), content, { mode: 0o644 });
      chownSync(join(dir, parts[parts.length - 1]), uidOf(alice), uidOf(alice));
    };
    put('.env', 'DB_PASSWORD=secret');
    put('.git/config', '[core]');
    put('.hidden.php', '<?php echo "ran";');
    put('.well-known/acme-challenge/tok-customer', 'planted by the customer');
    put('.well-known/security.txt', 'Contact: mailto:security@example.com');
    for (const path of ['/.env', '/.git/config', '/.hidden.php', '/sub/.git/config']) {
      const res = await httpGet(daemons.port, testDomain(alice), path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).not.toMatch(/secret|core|ran/);
    }
    // .well-known itself stays the customer's (security.txt and the like).
    expect((await httpGet(daemons.port, testDomain(alice), '/.well-known/security.txt')).body).toContain('Contact:');
    // A token path is the agent's challenge directory, whichever site is asked.
    writeFileSync(join(daemons.web.acmeChallengeDir, 'tok-customer'), 'key-authorization');
    try {
      const token = await httpGet(daemons.port, testDomain(alice), '/.well-known/acme-challenge/tok-customer');
      expect(token).toEqual({ status: 200, body: 'key-authorization' });
      expect((await httpGet(daemons.port, testDomain(neighbour), '/.well-known/acme-challenge/tok-customer')).body).toBe('key-authorization');
    } finally {
      rmSync(join(daemons.web.acmeChallengeDir, 'tok-customer'), { force: true });
    }
    expect((await httpGet(daemons.port, testDomain(alice), '/.well-known/acme-challenge/tok-customer')).status).toBe(404);
  });

  test('suspend answers 503 with the suspended page for domain and www; unsuspend answers 200 again', async () => {
    const s = await stack.request('POST', `/api/v1/accounts/${id}/suspend`);
    expect(s.status).toBe(200);
    for (const host of [testDomain(alice), `www.${testDomain(alice)}`]) {
      for (const path of ['/', '/whoami.php']) {
        const res = await httpGet(daemons.port, host, path);
        expect(res.status).toBe(503);
        expect(res.body).toContain('Account suspended');
        expect(res.body).toContain(testDomain(alice));
      }
    }
    // PHP stopped for the account: its pool and socket are gone.
    expect(exists(webFiles(alice).pool)).toBe(false);
    expect(exists(webFiles(alice).socket)).toBe(false);

    const u = await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`);
    expect(u.status).toBe(200);
    expect((await httpGet(daemons.port, testDomain(alice))).status).toBe(200);
    expect((await httpGet(daemons.port, `www.${testDomain(alice)}`)).status).toBe(200);
    expect(Number((await httpGet(daemons.port, testDomain(alice), '/whoami.php')).body)).toBe(uidOf(alice));
  });

  test('a create refused by nginx -t fails with provisioning_failed and leaves no user, home or config', async () => {
    const res = await stack.request('POST', '/api/v1/accounts', body(badUser));
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('provisioning_failed');
    expect(JSON.stringify(res.body)).toContain('nginx');
    expect(linuxUserExists(badUser)).toBe(false);
    const files = webFiles(badUser);
    for (const path of Object.values(files)) expect(exists(path)).toBe(false);
    const leftovers = [daemons.web.nginx.sitesAvailable, daemons.web.nginx.sitesEnabled, daemons.web.php.poolDirPattern.replace('{version}', '8.2')]
      .flatMap((dir) => readdirSync(dir)).filter((f) => f.includes(badUser));
    expect(leftovers).toEqual([]);
    expect((await stack.request('GET', `/api/v1/accounts?per_page=100`)).body.data.map((a: { username: string }) => a.username)).not.toContain(badUser);
    expect((await httpGet(daemons.port, testDomain(neighbour))).status).toBe(200);
  });

  test('delete of a busy site (a live PHP worker) stops serving the domain and removes vhost, symlink and pool', async () => {
    // A PHP-FPM worker of the account is running: the master would respawn a killed one.
    expect(Number((await httpGet(daemons.port, testDomain(alice), '/whoami.php')).body)).toBe(uidOf(alice));
    const res = await stack.request('DELETE', `/api/v1/accounts/${id}`);
    expect(res.status).toBe(204);
    const gone = await httpGet(daemons.port, testDomain(alice));
    expect(gone.status).toBe(404); // the catch-all server, not the account's site
    expect(gone.body).not.toContain('Welcome');
    const files = webFiles(alice);
    for (const path of Object.values(files)) expect(exists(path)).toBe(false);
  });

  test('the other account answered 200 throughout', async () => {
    watching = false;
    await watcher;
    expect(neighbourStatuses.length).toBeGreaterThan(20);
    expect(neighbourStatuses.filter((s) => s !== 200)).toEqual([]);
    expect(existsSync(webFiles(neighbour).vhost)).toBe(true);
  });
});
