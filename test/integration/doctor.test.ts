import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../harness/stack';
import { startFullStack, FullStack } from '../harness/full-stack';
import { httpGet } from '../harness/nginx-php';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

let stack: FullStack;
let cliConfig: string;

beforeAll(async () => {
  stack = await startFullStack();
  cliConfig = join(stack.root, 'etc', 'api-doctor.json');
  writeFileSync(cliConfig, JSON.stringify(stack.apiConfig));
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

function hearthctl(...args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [join(REPO, 'packages/cli/dist/main.js'), ...args], { env: { ...process.env, HEARTH_API_CONFIG: cliConfig } }).toString() };
  } catch (e) {
    const err = e as { status: number; stdout: Buffer };
    return { code: err.status, out: err.stdout.toString() };
  }
}

async function create(username: string): Promise<number> {
  const res = await stack.request('POST', '/api/v1/accounts', { username, domain: testDomain(username), email: `o@${testDomain(username)}`, password: 'longenough', package_id: 1 });
  expect(res.status).toBe(201);
  return res.body.data.id;
}

describe('hearthctl doctor', () => {
  test('a healthy panel is clean (exit 0)', async () => {
    await create(testUsername());
    const res = hearthctl('doctor');
    expect(res).toEqual({ code: 0, out: 'clean: panel database and host agree\n' });
  });

  test('a vhost file with no account is reported and removed by --repair', async () => {
    const domain = 'orphan-site.example.com';
    const sitesAvailable = stack.web.web.nginx.sitesAvailable;
    const file = join(sitesAvailable, `${domain}.conf`);
    writeFileSync(file, `# Managed by Hearth for account htghost01: changes are overwritten.\nserver {\n    listen 127.0.0.1:${stack.web.port};\n    server_name ${domain};\n    return 200 "ghost";\n}\n`);
    symlinkSync(file, join(stack.web.web.nginx.sitesEnabled, `${domain}.conf`));
    const check = hearthctl('doctor');
    expect(check.code).toBe(1);
    expect(check.out).toContain(`orphan\tvhost:${domain}`);
    const repair = hearthctl('doctor', '--repair');
    expect(repair.out).toContain('repaired 1, failed 0');
    expect(repair.code).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(stack.web.web.nginx.sitesEnabled, `${domain}.conf`))).toBe(false);
  });

  test('a PHP-FPM pool file with no account is reported and removed by --repair', async () => {
    const domain = 'orphan-pool.example.com';
    const file = join(stack.web.web.php.poolDirPattern.replace('{version}', '8.2'), `${domain}.conf`);
    writeFileSync(file, [
      '; Managed by Hearth for account htghost02: changes are overwritten.',
      '[orphan-pool]', 'user = www-data', 'group = www-data',
      `listen = ${join(stack.web.web.php.socketDir, 'orphan-pool.sock')}`, 'pm = static', 'pm.max_children = 1', '',
    ].join('\n'));
    const check = hearthctl('doctor');
    expect(check.code).toBe(1);
    expect(check.out).toContain(`orphan\tphp_pool:${domain}`);
    const repair = hearthctl('doctor', '--repair');
    expect(repair.code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  test('an account row whose Linux user was removed by hand is reported and repaired', async () => {
    const username = testUsername();
    await create(username);
    execFileSync('userdel', [username]);
    const check = hearthctl('doctor');
    expect(check.code).toBe(1);
    expect(check.out).toMatch(new RegExp(`missing\\t${username}\\tmissing on the host: user`));
    const repair = hearthctl('doctor', '--repair');
    expect(repair.code).toBe(0);
    expect(repair.out).toContain('clean');
    const uid = Number(execFileSync('id', ['-u', username]).toString());
    expect(statSync(join(stack.root, 'home', username, 'public_html', 'index.html')).uid).toBe(uid);
    // The site serves PHP as the re-created user again.
    writeFileSync(join(stack.root, 'home', username, 'public_html', 'id.php'), '<?php echo posix_geteuid();');
    execFileSync('chown', [`${username}:${username}`, join(stack.root, 'home', username, 'public_html', 'id.php')]);
    const page = await httpGet(stack.web.port, testDomain(username), '/id.php');
    expect(page).toEqual({ status: 200, body: String(uid) });
  });

  test('a vhost whose bridge link to the document root went missing is reported and repaired', async () => {
    const username = testUsername();
    await create(username);
    const link = join(stack.web.web.pagesDir, '.sites', testDomain(username), 'root');
    rmSync(link);
    expect((await httpGet(stack.web.port, testDomain(username), '/')).status).toBe(404);
    const check = hearthctl('doctor');
    expect(check.code).toBe(1);
    expect(check.out).toMatch(new RegExp(`missing\\t${username}\\tmissing on the host: vhost`));
    expect(hearthctl('doctor', '--repair').code).toBe(0);
    expect(readlinkSync(link)).toBe(join(stack.root, 'home', username, 'public_html'));
    expect((await httpGet(stack.web.port, testDomain(username), '/')).status).toBe(200);
  });

  test('host state without a panel row is an orphan account, removed by --repair', async () => {
    const username = testUsername();
    const id = await create(username);
    await stack.db('accounts').where({ id }).delete();
    const check = hearthctl('doctor');
    expect(check.code).toBe(1);
    expect(check.out).toContain(`orphan\taccount:${username}`);
    expect(hearthctl('doctor', '--repair').code).toBe(0);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toContain(`${username}:`);
    expect(existsSync(join(stack.root, 'home', username))).toBe(false);
    expect(await stack.pdns.query('SELECT id FROM domains WHERE name = ?', [testDomain(username)])).toEqual([]);
  });

  test('a suspension lost on the host is reported and re-applied', async () => {
    const username = testUsername();
    const id = await create(username);
    await stack.db('accounts').where({ id }).update({ status: 'suspended' });
    const check = hearthctl('doctor');
    expect(check.out).toContain(`status\t${username}\tpanel says suspended, host is active`);
    expect(hearthctl('doctor', '--repair').code).toBe(0);
    expect((await httpGet(stack.web.port, testDomain(username), '/')).status).toBe(503);
  });
});
