import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, startNginxPhp } from '../harness/nginx-php';
import { freeDnsPort, PdnsInstance, startPdns } from '../harness/pdns';
import { linuxUserExists, removeTestUsers, testDomain, testUsername } from '../harness/names';

/*
 * Issue 4, fault: the PowerDNS database is unreachable while an account is created. The
 * DNS step runs after the user, home, PHP-FPM pool and vhost exist; its failure must roll
 * every one of them back and leave no panel row.
 */
let stack: Stack;
let daemons: NginxPhp;
let pdns: PdnsInstance;
let root: string;

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'dns-fault-'));
  daemons = await startNginxPhp(root);
  // A real pdns schema and user, but the agent is pointed at a port where nothing listens.
  pdns = await startPdns({ root });
  const deadPort = await freeDnsPort();
  stack = await startStack({
    agent: { web: daemons.web, dns: { ...pdns.dns, db: { ...pdns.dns.db, port: deadPort, connectTimeoutMs: 1000 } } },
  });
});

afterAll(async () => {
  await stack?.stop();
  await pdns?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(root, { recursive: true, force: true });
});

test('an unreachable PowerDNS database fails the create and leaves no user, home, vhost or pool', async () => {
  const username = testUsername();
  const domain = testDomain(username);
  const res = await stack.request('POST', '/api/v1/accounts', {
    username, domain, email: `owner@${domain}`, password: 's3cur3p@ss', package_id: 1,
  });
  expect(res.status).toBeGreaterThanOrEqual(500);
  expect(res.body.error).toBe('provisioning_failed');
  expect(JSON.stringify(res.body)).toContain('dns_zone');

  expect(linuxUserExists(username)).toBe(false);
  expect(exists(join(stack.root, 'home', username))).toBe(false);
  const configDirs = [daemons.web.nginx.sitesAvailable, daemons.web.nginx.sitesEnabled, daemons.web.php.poolDirPattern.replace('{version}', '8.2')];
  expect(configDirs.flatMap((dir) => readdirSync(dir)).filter((f) => f.includes(domain))).toEqual([]);
  expect(readdirSync(daemons.web.php.socketDir).filter((f) => f.includes(username))).toEqual([]);
  const list = await stack.request('GET', '/api/v1/accounts?per_page=100');
  expect(list.body.data.map((a: { username: string }) => a.username)).not.toContain(username);
  expect(await pdns.query('SELECT id FROM domains WHERE name = ?', [domain])).toEqual([]);
});
