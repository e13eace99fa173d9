import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { HARNESS_PHP_VERSION, NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { withVersion } from '../../packages/agent/src/web/web-config';
import { startFtp, FtpInstance } from '../harness/ftp';
import { curl } from '../harness/service-clients';
import { accountBody, removeTestUsers, testDomain, testUsername } from '../harness/names';
import { asCustomer, idsOf } from '../harness/hostile-customer';

/*
 * Issue 16, symlink reads across accounts: `victim` has public_html/wp-config.php (0644,
 * the normal mode of an upload); `attacker` plants symlinks in its own public_html to
 * that file, to victim's whole public_html, to /etc/passwd, and finally swaps its
 * public_html itself for a link to victim's, then asks for them over HTTP with its own
 * Host, through its own PHP (running as its uid) and over its own FTP login. Every
 * attempt answers 403/404 (or fails) and not one byte of victim's file comes back.
 */
let stack: Stack;
let daemons: NginxPhp;
let ftpd: FtpInstance;
let work: string;
const victim = testUsername();
const attacker = testUsername();
const SECRET = `define('DB_PASSWORD', 'victim-db-${Date.now()}');`;
const PASSWD_LINE = 'root:x:0:0:';
const FTP_PASS = 'Attacker-ftp-1234';
const ids: Record<string, number> = {};

const home = (u: string) => join(stack.root, 'home', u);
const pub = (u: string) => join(home(u), 'public_html');

/** A file as the customer itself would upload it: its owner, mode 0644. */
function upload(username: string, name: string, content: string): void {
  const path = join(pub(username), name);
  writeFileSync(path, content, { mode: 0o644 });
  const { uid, gid } = idsOf(username);
  chownSync(path, uid, gid);
}

function plant(target: string, link: string): void {
  const r = asCustomer(attacker, ['ln', '-sfn', target, link]);
  expect(r).toMatchObject({ status: 0 });
}

async function attackerGet(path: string): Promise<{ status: number; body: string }> {
  return httpGet(daemons.port, testDomain(attacker), path);
}

function expectNothingOfVictim(r: { status: number; body: string }): void {
  expect([403, 404]).toContain(r.status);
  expect(r.body).not.toContain('DB_PASSWORD');
  expect(r.body).not.toContain(PASSWD_LINE);
}

beforeAll(async () => {
  work = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'isoweb-'));
  daemons = await startNginxPhp(work);
  ftpd = await startFtp(join(work, 'ftp'));
  stack = await startStack({ agent: { web: daemons.web, ftp: ftpd.ftp } });
  for (const u of [victim, attacker]) {
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(u));
    expect(res.status).toBe(201);
    ids[u] = res.body.data.id;
  }
  upload(victim, 'wp-config.php', `<?php\n${SECRET}\n`);
  upload(victim, 'notes.txt', `${SECRET}\n`);
  upload(attacker, 'page.txt', 'attacker page\n');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await Promise.allSettled([daemons?.stop(), ftpd?.stop()]);
  removeTestUsers();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('no symlink reads across accounts over HTTP', () => {
  test('the sites themselves work: victim serves its files, attacker its own and its own same-owner symlink', async () => {
    expect(await httpGet(daemons.port, testDomain(victim), '/notes.txt')).toEqual({ status: 200, body: `${SECRET}\n` });
    plant('page.txt', join(pub(attacker), 'own-link.txt'));
    expect(await attackerGet('/own-link.txt')).toEqual({ status: 200, body: 'attacker page\n' });
  });

  test('a symlink to victim\'s wp-config.php (static and as .php) answers 403/404 without its bytes', async () => {
    plant(join(pub(victim), 'wp-config.php'), join(pub(attacker), 'x.txt'));
    plant(join(pub(victim), 'wp-config.php'), join(pub(attacker), 'x.php'));
    expectNothingOfVictim(await attackerGet('/x.txt'));
    expectNothingOfVictim(await attackerGet('/x.php'));
  });

  test('a symlink to victim\'s whole public_html serves neither its files nor its listing', async () => {
    plant(pub(victim), join(pub(attacker), 'v'));
    for (const path of ['/v/notes.txt', '/v/wp-config.php', '/v/', '/v']) expectNothingOfVictim(await attackerGet(path));
  });

  test('a symlink to /etc/passwd answers 403/404 without the host\'s user list', async () => {
    plant('/etc/passwd', join(pub(attacker), 'passwd.txt'));
    expectNothingOfVictim(await attackerGet('/passwd.txt'));
  });

  test('the attacker\'s own PHP, running as its uid, cannot read victim\'s files (not even via a shell)', async () => {
    const target = join(pub(victim), 'wp-config.php');
    upload(attacker, 'steal.php', [
      '<?php',
      `$a = @file_get_contents(${JSON.stringify(target)});`,
      `$b = shell_exec(${JSON.stringify(`cat ${target} 2>&1; ls -la ${home(victim)} 2>&1`)});`,
      'echo "direct:", var_export($a, true), "\\nshell:", $b;',
    ].join('\n'));
    const r = await attackerGet('/steal.php');
    expect(r.status).toBe(200);
    expect(r.body).toContain('direct:false');
    expect(r.body).toContain('Permission denied');
    expect(r.body).not.toContain('DB_PASSWORD');
    // The same as the attacker's uid from any process (cron, FTP session): the home is closed.
    const cat = asCustomer(attacker, ['cat', target]);
    expect(cat.status).not.toBe(0);
    expect(cat.stdout).not.toContain('DB_PASSWORD');
    expect(asCustomer(attacker, ['ls', home(victim)]).status).not.toBe(0);
  });

  test('public_html itself swapped for a symlink to victim\'s public_html serves nothing of victim', async () => {
    expect(asCustomer(attacker, ['mv', pub(attacker), join(home(attacker), 'public_html.mine')]).status).toBe(0);
    plant(pub(victim), pub(attacker));
    try {
      for (const path of ['/notes.txt', '/wp-config.php', '/']) expectNothingOfVictim(await attackerGet(path));
    } finally {
      expect(asCustomer(attacker, ['rm', pub(attacker)]).status).toBe(0);
      expect(asCustomer(attacker, ['mv', join(home(attacker), 'public_html.mine'), pub(attacker)]).status).toBe(0);
    }
    expect((await attackerGet('/page.txt')).status).toBe(200);
  });

  test('a pool an earlier version wrote (open_basedir naming ~/tmp) is brought up to date when the agent starts', async () => {
    const pool = join(withVersion(daemons.web.php.poolDirPattern, HARNESS_PHP_VERSION), `${testDomain(attacker)}.conf`);
    const today = readFileSync(pool, 'utf8');
    const tmp = join(home(attacker), 'tmp');
    writeFileSync(pool, today.replace(`open_basedir] = ${home(attacker)}/\n`, `open_basedir] = ${home(attacker)}/:${tmp}/\n`));
    expect(readFileSync(pool, 'utf8')).not.toBe(today);
    await stack.stopAgent();
    await stack.startAgent();
    expect(readFileSync(pool, 'utf8')).toBe(today);
    // And PHP runs with it: ~/tmp swapped for a link to /etc opens nothing.
    upload(attacker, 'peek.php', '<?php echo @file_get_contents("/etc/passwd") === false ? "denied" : "read";');
    expect(asCustomer(attacker, ['mv', tmp, `${tmp}.real`]).status).toBe(0);
    plant('/etc', tmp);
    try {
      const r = await attackerGet('/peek.php');
      expect(r.status).toBe(200);
      expect(r.body).toBe('denied');
    } finally {
      expect(asCustomer(attacker, ['rm', tmp]).status).toBe(0);
      expect(asCustomer(attacker, ['mv', `${tmp}.real`, tmp]).status).toBe(0);
    }
  });

  test('while suspended, the attacker\'s domain serves the suspended page only, never a planted link', async () => {
    const id = ids[attacker];
    expect((await stack.request('POST', `/api/v1/accounts/${id}/suspend`)).status).toBe(200);
    try {
      for (const path of ['/x.txt', '/v/notes.txt', '/passwd.txt']) {
        const r = await attackerGet(path);
        expect(r.status).toBe(503);
        expect(r.body).not.toContain('DB_PASSWORD');
      }
    } finally {
      expect((await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`)).status).toBe(200);
    }
  });
});

describe('no symlink reads across accounts over FTP', () => {
  test('the attacker\'s FTP login cannot fetch or list victim\'s files through planted links', async () => {
    const id = ids[attacker];
    const created = await stack.request('POST', `/api/v1/accounts/${id}/service-accounts`, { type: 'ftp', username: 'up', password: FTP_PASS, homedir: 'public_html' });
    expect(created.status).toBe(201);
    const login = encodeURIComponent(`up@${testDomain(attacker)}`);
    const url = (path: string) => `ftp://${login}:${encodeURIComponent(FTP_PASS)}@127.0.0.1:${ftpd.port}/${path}`;
    // The login works and serves the attacker's own file.
    const own = await curl([url('page.txt')]);
    expect(own).toMatchObject({ code: 0, stdout: 'attacker page\n' });
    for (const path of ['x.txt', 'x.php', 'v/notes.txt', 'v/wp-config.php']) {
      const r = await curl(['--path-as-is', url(path)]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).not.toContain('DB_PASSWORD');
    }
    const listing = await curl([url('v/')]);
    expect(listing.stdout).not.toContain('wp-config');
    expect(listing.stdout).not.toContain('notes.txt');
  });
});
