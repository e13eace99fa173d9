import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import pino from 'pino';
import { parseAgentConfig } from '../../packages/agent/src/config';
import type { AccountSpec, StepContext, Step } from '../../packages/agent/src/operations/step';
import type { WebParts } from '../../packages/agent/src/web/web-parts';
import { NO_VHOST_TLS } from '../../packages/agent/src/web/vhost-tls-source';
import { KeyedMutex } from '../../packages/agent/src/system/keyed-mutex';
import { execArgv } from '../../packages/agent/src/system/exec';
import { buildWebDaemons } from '../../packages/agent/src/web/web-daemons';
import { linuxUserStep, removeLinuxUser } from '../../packages/agent/src/users/linux-user-step';
import { homeStep, removeHome } from '../../packages/agent/src/users/home-step';
import { defaultIndexStep } from '../../packages/agent/src/web/default-index-step';
import { phpPoolStep } from '../../packages/agent/src/web/php-pool-step';
import { nginxVhostStep } from '../../packages/agent/src/web/nginx-vhost-step';
import { suspendPoolStep, suspendVhostStep, unsuspendPoolStep, unsuspendVhostStep } from '../../packages/agent/src/web/suspend-steps';
import { removePoolStep, removeVhostStep } from '../../packages/agent/src/web/delete-steps';
import { webLogDirStep } from '../../packages/agent/src/web/log-dir-step';
import { upgradePools } from '../../packages/agent/src/web/pool-upgrade';
import { asCustomer } from '../harness/hostile-customer';
import { accountWebPaths } from '../../packages/agent/src/web/web-paths';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { waitFor } from '../harness/ports';

/*
 * The web steps against a private nginx + PHP-FPM, without the API: proves that a pool
 * with `user = <account>` really runs PHP as that user behind our nginx, that suspend /
 * unsuspend restore the exact bytes, that a vhost refused by `nginx -t` leaves nothing
 * and never disturbs another site, and that concurrent creates share reloads.
 */
const prefix = `ht${randomBytes(3).toString('hex').replace(/^[0-9]/, 'a')}`;
const users: string[] = [];
let root: string;
let daemons: NginxPhp;
let ctx: StepContext<WebParts>;

function spec(name: string): AccountSpec {
  const username = `${prefix}${name}`;
  users.push(username);
  return { username, domain: `${username}.example.com`, limits: { phpVersion: '8.2', phpWorkers: 0, phpMemoryMb: 0, diskQuotaMb: 0 } };
}

const CREATE: Step<AccountSpec, WebParts>[] = [linuxUserStep, homeStep, defaultIndexStep, webLogDirStep, phpPoolStep, nginxVhostStep];

async function create(s: AccountSpec): Promise<void> {
  const done: Step<AccountSpec, WebParts>[] = [];
  try {
    for (const step of CREATE) {
      done.push(step);
      await step.apply(s, ctx);
    }
  } catch (e) {
    for (const step of done.reverse()) await step.undo(s, ctx);
    throw e;
  }
}

function uidOf(username: string): number {
  return Number(execFileSync('id', ['-u', username]).toString().trim());
}

function placePhp(s: AccountSpec, file: string, code: string): void {
  const path = join(root, 'home', s.username, 'public_html', file);
  writeFileSync(path, code);
  chownSync(path, uidOf(s.username), uidOf(s.username));
}

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'web-steps-'));
  daemons = await startNginxPhp(root);
  mkdirSync(join(root, 'home'));
  chmodSync(join(root, 'home'), 0o711);
  mkdirSync(join(root, 'state'));
  // What an agent killed during a scoped php-fpm test leaves behind: the next start removes it.
  mkdirSync(join(root, 'state', 'config-tests', 'test-killed'), { recursive: true });
  writeFileSync(join(root, 'state', 'config-tests', 'test-killed', 'php-fpm.conf'), '[global]\n');
  const config = parseAgentConfig({
    socketPath: join(root, 'agent.sock'), socketGroup: 'root', tokenFile: join(root, 'token'),
    stateDir: join(root, 'state'), homeRoot: join(root, 'home'), testMode: true,
    web: { ...daemons.web, faultNginxTestFor: [`${prefix}bad.example.com`], faultPhpTestFor: [`${prefix}badphp.example.com`] },
  });
  const log = pino({ level: 'silent' });
  const web = buildWebDaemons(config.web, { exec: execArgv, log, stateDir: config.stateDir });
  ctx = { config, log, parts: { exec: execArgv, log, accountLocks: new KeyedMutex(), web, vhostTls: NO_VHOST_TLS } };
});

afterAll(async () => {
  for (const username of users) {
    await removeLinuxUser(username, ctx).catch(() => undefined);
    await removeHome(username, ctx).catch(() => undefined);
  }
  await daemons?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('web steps on a private nginx + php-fpm', () => {
  const alice = spec('alice');

  it('creates a site that serves the default page and runs PHP as the account user', async () => {
    await create(alice);
    const page = await httpGet(daemons.port, alice.domain);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Welcome to ${alice.domain}`);
    expect((await httpGet(daemons.port, `www.${alice.domain}`)).status).toBe(200);

    placePhp(alice, 'uid.php', '<?php echo posix_getuid(), ":", posix_getpwuid(posix_geteuid())["name"];');
    const php = await httpGet(daemons.port, alice.domain, '/uid.php');
    expect(php.status).toBe(200);
    expect(php.body).toBe(`${uidOf(alice.username)}:${alice.username}`);
    expect(php.body).not.toMatch(/^(0|33):/);

    // open_basedir keeps PHP inside the home (/etc/passwd exists and is world-readable: only
    // open_basedir can refuse it) ...
    placePhp(alice, 'peek.php', '<?php echo @file_get_contents("/etc/passwd") === false ? "denied" : "read";');
    expect((await httpGet(daemons.port, alice.domain, '/peek.php')).body).toBe('denied');
    // ... also once the customer has swapped their ~/tmp for a link to /etc: PHP resolves each
    // open_basedir entry through its links, so no entry may lie in what the customer controls.
    const home = join(root, 'home', alice.username);
    expect(asCustomer(alice.username, ['mv', join(home, 'tmp'), join(home, 'tmp.real')]).status).toBe(0);
    expect(asCustomer(alice.username, ['ln', '-s', '/etc', join(home, 'tmp')]).status).toBe(0);
    try {
      expect((await httpGet(daemons.port, alice.domain, '/peek.php')).body).toBe('denied');
    } finally {
      asCustomer(alice.username, ['rm', join(home, 'tmp')]);
      asCustomer(alice.username, ['mv', join(home, 'tmp.real'), join(home, 'tmp')]);
    }
    expect((await httpGet(daemons.port, 'unknown.example.com')).status).toBe(404);
  });

  it('suspend answers 503 with the page for domain and www and stops PHP; unsuspend restores the exact files', async () => {
    const paths = accountWebPaths(daemons.web, join(root, 'home'), alice);
    const vhostBefore = readFileSync(paths.vhostFile);
    const poolBefore = readFileSync(paths.poolFile('8.2'));

    await suspendVhostStep.apply(alice, ctx);
    await suspendPoolStep.apply(alice, ctx);
    await suspendPoolStep.apply(alice, ctx); // idempotent
    for (const host of [alice.domain, `www.${alice.domain}`]) {
      const res = await httpGet(daemons.port, host);
      expect(res.status).toBe(503);
      expect(res.body).toContain(`${alice.domain} is suspended`);
    }
    expect((await httpGet(daemons.port, alice.domain, '/uid.php')).status).toBe(503);
    expect(existsSync(paths.poolFile('8.2'))).toBe(false);
    expect(existsSync(paths.socket)).toBe(false);

    await unsuspendPoolStep.apply(alice, ctx);
    await unsuspendVhostStep.apply(alice, ctx);
    expect(readFileSync(paths.vhostFile).equals(vhostBefore)).toBe(true);
    expect(readFileSync(paths.poolFile('8.2')).equals(poolBefore)).toBe(true);
    expect((await httpGet(daemons.port, alice.domain)).status).toBe(200);
    expect((await httpGet(daemons.port, alice.domain, '/uid.php')).body).toBe(`${uidOf(alice.username)}:${alice.username}`);
  });

  it('pools an earlier version wrote (open_basedir naming ~/tmp) are brought up to date at start-up and at unsuspend', async () => {
    const bob = spec('bob');
    await create(bob);
    const paths = accountWebPaths(daemons.web, join(root, 'home'), bob);
    const home = join(root, 'home', bob.username);
    const current = readFileSync(paths.poolFile('8.2'), 'utf8');
    const old = current.replace(`open_basedir] = ${home}/\n`, `open_basedir] = ${home}/:${home}/tmp/\n`);
    expect(old).not.toBe(current);
    placePhp(bob, 'peek.php', '<?php echo @file_get_contents("/etc/passwd") === false ? "denied" : "read";');
    expect(asCustomer(bob.username, ['mv', join(home, 'tmp'), join(home, 'tmp.real')]).status).toBe(0);
    expect(asCustomer(bob.username, ['ln', '-s', '/etc', join(home, 'tmp')]).status).toBe(0);
    try {
      // The old line, loaded: the customer's link opens /etc (what the upgrade must end).
      await ctx.parts.web.php('8.2').commit([{ path: paths.poolFile('8.2'), write: old }]);
      expect((await httpGet(daemons.port, bob.domain, '/peek.php')).body).toBe('read');

      await upgradePools(ctx.parts.web, ctx.log);
      expect(readFileSync(paths.poolFile('8.2'), 'utf8')).toBe(current);
      expect((await httpGet(daemons.port, bob.domain, '/peek.php')).body).toBe('denied');
      await upgradePools(ctx.parts.web, ctx.log); // nothing left to change
      expect(readFileSync(paths.poolFile('8.2'), 'utf8')).toBe(current);

      // Suspended before the upgrade: the snapshot holds the old bytes, unsuspend restores today's.
      await suspendVhostStep.apply(bob, ctx);
      await suspendPoolStep.apply(bob, ctx);
      const snapshotFile = join(root, 'state', 'web-suspended', `${bob.domain}.json`);
      const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
      snapshot.pools[0].file.base64 = Buffer.from(old).toString('base64');
      writeFileSync(snapshotFile, JSON.stringify(snapshot));
      await unsuspendPoolStep.apply(bob, ctx);
      await unsuspendVhostStep.apply(bob, ctx);
      expect(readFileSync(paths.poolFile('8.2'), 'utf8')).toBe(current);
      expect((await httpGet(daemons.port, bob.domain, '/peek.php')).body).toBe('denied');
    } finally {
      asCustomer(bob.username, ['rm', join(home, 'tmp')]);
      asCustomer(bob.username, ['mv', join(home, 'tmp.real'), join(home, 'tmp')]);
      await removeVhostStep.apply(bob, ctx);
      await removePoolStep.apply(bob, ctx);
    }
  });

  it('a vhost refused by nginx -t is rolled back, leaves no file, and the other site keeps answering', async () => {
    const bad = spec('bad');
    let watching = true;
    const statuses: number[] = [];
    const watcher = (async () => {
      while (watching) statuses.push((await httpGet(daemons.port, alice.domain)).status);
    })();
    const scopedBefore = ctx.parts.web.nginx.testKinds!.scoped;
    await expect(create(bad)).rejects.toThrow(/nginx -t refused the configuration/);
    // Refused by the test of the new vhost alone (the rest passed before): as strict as the whole.
    expect(ctx.parts.web.nginx.testKinds!.scoped).toBeGreaterThan(scopedBefore);
    watching = false;
    await watcher;
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));

    const paths = accountWebPaths(daemons.web, join(root, 'home'), bad);
    for (const p of [paths.vhostFile, paths.enabledLink, paths.poolFile('8.2'), paths.home, paths.socket]) {
      expect(existsSync(p) || (() => { try { lstatSync(p); return true; } catch { return false; } })()).toBe(false);
    }
    // Nor do the bridge's links: the refused site is not served by any server.
    for (const name of [bad.domain, `www.${bad.domain}`]) expect(existsSync(join(daemons.web.pagesDir, '.sites', name))).toBe(false);
    expect((await httpGet(daemons.port, bad.domain)).status).toBe(404);
    expect(() => execFileSync('id', [bad.username], { stdio: 'pipe' })).toThrow();
    expect((await httpGet(daemons.port, alice.domain)).status).toBe(200);
  });

  it('a pool refused by php-fpm -t is rolled back and PHP keeps running for the others', async () => {
    const bad = spec('badphp');
    await expect(create(bad)).rejects.toThrow(/php-fpm8.2 -t refused the configuration/);
    const paths = accountWebPaths(daemons.web, join(root, 'home'), bad);
    for (const p of [paths.vhostFile, paths.enabledLink, paths.poolFile('8.2'), paths.home, paths.socket]) expect(existsSync(p)).toBe(false);
    expect((await httpGet(daemons.port, alice.domain, '/uid.php')).body).toBe(`${uidOf(alice.username)}:${alice.username}`);
  });

  it('an enabled vhost edited by hand brings back the whole nginx test; a file nothing enables does not', async () => {
    const kinds = ctx.parts.web.nginx.testKinds!;
    // After the refused vhost above nothing is known good: this create's test is whole, the next one scoped.
    await create(spec('warmup'));
    const start = kinds.scoped;
    await create(spec('beforeedit'));
    expect(kinds.scoped).toBe(start + 1);
    // By hand, in sites-available: nginx reads it through alice's sites-enabled link.
    const paths = accountWebPaths(daemons.web, join(root, 'home'), alice);
    writeFileSync(paths.vhostFile, `${readFileSync(paths.vhostFile, 'utf8')}# edited by hand\n`);
    const wholeBefore = kinds.whole;
    await create(spec('afteredit'));
    expect(kinds.whole).toBe(wholeBefore + 1);
    // A file in sites-available that no link enables is not part of nginx's configuration.
    writeFileSync(join(daemons.web.nginx.sitesAvailable, 'stray.conf'), 'this is not nginx syntax\n');
    const scopedBefore = kinds.scoped;
    await create(spec('afterstray'));
    expect([kinds.whole, kinds.scoped]).toEqual([wholeBefore + 1, scopedBefore + 1]);
    rmSync(join(daemons.web.nginx.sitesAvailable, 'stray.conf'));
  });

  it('concurrent creates share reloads, and each site serves when its create resolves', async () => {
    const many = Array.from({ length: 6 }, (_, i) => spec(`c${i}`));
    const before = { ...ctx.parts.web.nginx.stats };
    await Promise.all(many.map(async (s) => {
      await create(s);
      // Through the sites entry's bridge until the reload that loads the vhosts.
      expect((await httpGet(daemons.port, s.domain)).status).toBe(200);
    }));
    // That reload comes within the deferral window, one for all six.
    await waitFor('nginx to load the new vhosts', async () => ctx.parts.web.nginx.stats.reloads > before.reloads, 10_000);
    const reloads = ctx.parts.web.nginx.stats.reloads - before.reloads;
    expect(reloads).toBeGreaterThanOrEqual(1);
    expect(reloads).toBeLessThan(many.length);
    await ctx.parts.web.stats.flush();
    const file = JSON.parse(readFileSync(join(root, 'state', 'web-reload-stats.json'), 'utf8'));
    expect(file.daemons.nginx.reloads).toBe(ctx.parts.web.nginx.stats.reloads);
    for (const s of many) {
      await removeVhostStep.apply(s, ctx);
      await removePoolStep.apply(s, ctx);
    }
  });

  it('scoped php-fpm tests leave nothing behind, and start-up removed what a killed agent left', async () => {
    expect(readdirSync(join(root, 'state', 'config-tests'))).toEqual([]);
  });

  it('delete removes vhost, symlink and pool, and the domain is no longer served', async () => {
    await suspendVhostStep.apply(alice, ctx);
    await removeVhostStep.apply(alice, ctx);
    await removePoolStep.apply(alice, ctx);
    await removeVhostStep.apply(alice, ctx); // idempotent
    const paths = accountWebPaths(daemons.web, join(root, 'home'), alice);
    for (const p of [paths.vhostFile, paths.enabledLink, paths.poolFile('8.2'), paths.socket, paths.suspendedPageDir]) {
      expect(existsSync(p)).toBe(false);
    }
    const res = await httpGet(daemons.port, alice.domain);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('Welcome');
  });
});
