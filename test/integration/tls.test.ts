import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, httpGet, startNginxPhp } from '../harness/nginx-php';
import { PdnsInstance, startPdns } from '../harness/pdns';
import { Pebble, startPebble } from '../harness/pebble';
import { freePort } from '../harness/ports';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { makeTestCa, TestCa } from '../harness/test-ca';
import { curlHttps, restartAgentWithTls, sameSerial, servedSerial, waitForTls } from '../harness/tls-clients';
import { asCustomer } from '../harness/hostile-customer';

const wwwDataGid = (): number => Number(spawnSync('getent', ['group', 'www-data'], { encoding: 'utf8' }).stdout.split(':')[2]);

/*
 * Issue 10 end to end, against real daemons on loopback: pebble (ACME CA) resolving names
 * through the test PowerDNS, which the DNS module filled with A records pointing at
 * 127.0.0.1, and validating HTTP-01 against the private nginx; the agent obtains the
 * certificate in the background after the 201 and nginx serves it over HTTPS.
 */
let root: string;
let daemons: NginxPhp;
let pdns: PdnsInstance;
let pebble: Pebble;
let stack: Stack;
let httpsPort: number;
let liveRoot: string;
let tlsSection: Record<string, unknown>;
let ca: TestCa;
const alice = testUsername();
const bob = testUsername();
const ids: Record<string, number> = {};

function body(username: string) {
  return { username, domain: testDomain(username), email: `owner@${testDomain(username)}`, password: 's3cur3p@ss', package_id: 1 };
}

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'tls-'));
  daemons = await startNginxPhp(root);
  pdns = await startPdns({ root, dns: { serverIpv4: '127.0.0.1' } });
  pebble = await startPebble({ root, httpPort: daemons.port, dnsPort: pdns.port });
  httpsPort = await freePort();
  liveRoot = join(root, 'letsencrypt', 'live');
  ca = makeTestCa(join(root, 'test-ca'));
  tlsSection = {
    enabled: true,
    autoIssue: true,
    directoryUrl: pebble.directoryUrl,
    caBundle: pebble.caFile,
    liveRoot,
    skipChallengeVerification: true,
    checkIntervalMs: 1000,
    retry: { initialMs: 1000, factor: 2, maxMs: 8000 },
    pollMinMs: 100,
    pollMaxMs: 1000,
    https: { listen: [`127.0.0.1:${httpsPort}`], redirect: true },
  };
  stack = await startStack({ agent: { web: daemons.web, dns: pdns.dns, tls: tlsSection } });
});

afterAll(async () => {
  await stack?.stop();
  await pebble?.stop();
  await pdns?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(root, { recursive: true, force: true });
});

test('create answers 201 at once; the certificate is then issued in the background and served over HTTPS', async () => {
  const res = await stack.request('POST', '/api/v1/accounts', body(alice));
  expect(res.status).toBe(201);
  ids.alice = res.body.data.id;
  const right = await stack.request('GET', `/api/v1/accounts/${ids.alice}/tls`);
  expect(res.status).toBe(201);
  expect(['pending', 'issued']).toContain(right.body.data.status);

  const status = await waitForTls(stack, ids.alice, (s) => s.status === 'issued');
  const domain = testDomain(alice);
  expect(status).toMatchObject({ domain, source: 'acme', last_error: null, failures: 0 });
  expect(status.names.sort()).toEqual([domain, `www.${domain}`].sort());
  expect(Date.parse(status.expires_at)).toBeGreaterThan(Date.now() + 30 * 24 * 3600 * 1000);

  // Files in {liveRoot}/{domain}/: nginx's workers load the key at the handshake, so it is
  // root:www-data 0640; nobody else reads it.
  const keyPath = join(liveRoot, domain, 'privkey.pem');
  const key = statSync(keyPath);
  expect(key.uid).toBe(0);
  expect(key.gid).toBe(wwwDataGid());
  expect(key.mode & 0o777).toBe(0o640);
  expect(statSync(join(liveRoot, domain)).mode & 0o777).toBe(0o710);
  expect(readFileSync(join(liveRoot, domain, 'fullchain.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  // The account's own customer, and any other, cannot read it (their processes run as them).
  const read = asCustomer(alice, ['cat', keyPath]);
  expect(read.status).not.toBe(0);
  expect(read.stdout).toBe('');
  expect(read.stderr).toMatch(/Permission denied/);

  // A visitor's curl verifies the chain up to pebble's root and gets the site.
  await pebble.rootPem();
  for (const host of [domain, `www.${domain}`]) {
    const page = curlHttps(host, httpsPort, pebble.rootFile);
    expect(page.error).toBe('');
    expect(page.ok).toBe(true);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Welcome to ${domain}`);
  }
  expect(sameSerial(await servedSerial(domain, httpsPort), status.serial)).toBe(true);
  expect(sameSerial(await servedSerial(`www.${domain}`, httpsPort), status.serial)).toBe(true);
});

test('the order ran in the ACME worker, a child process of the agent, not in the agent itself', () => {
  // acme-client (and the CA's answers) stay out of the root agent: the worker that holds them
  // runs the built acme-worker-main.js under the agent and ends a minute after its last order.
  const agentPid = stack.agentProcess()?.pid;
  expect(agentPid).toBeGreaterThan(0);
  const workers = spawnSync('pgrep', ['-P', String(agentPid), '-f', 'acme-worker-main\\.js'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  expect(workers).toHaveLength(1);
});

test('a handshake naming no site, or a name no site has, is refused: no customer certificate is shown', async () => {
  // A scanner by IP, or guessing names: before, the first site's certificate (its names) answered.
  for (const servername of ['', 'no-site.example.net', `x.${testDomain(alice)}`, '../../etc']) {
    const err = await servedSerial(servername, httpsPort).then(
      (serial) => new Error(`handshake for ${JSON.stringify(servername)} succeeded with serial ${serial}`),
      (e: Error) => e,
    );
    expect(err.message).toMatch(/unrecognized name|alert|socket hang up|ECONNRESET/i);
  }
  // The site itself is still served.
  expect(curlHttps(testDomain(alice), httpsPort, pebble.rootFile).status).toBe(200);
});

test('plain HTTP redirects to HTTPS, except ACME challenges', async () => {
  const domain = testDomain(alice);
  const res = spawnSync('curl', ['-sS', '--noproxy', '*', '-o', '/dev/null', '-w', '%{http_code} %{redirect_url}',
    '--resolve', `${domain}:${daemons.port}:127.0.0.1`, `http://${domain}:${daemons.port}/some/page?x=1`], { encoding: 'utf8' });
  expect(res.stdout).toBe(`301 https://${domain}:${httpsPort}/some/page?x=1`);
  expect((await httpGet(daemons.port, domain, '/.well-known/acme-challenge/nothing-here')).status).toBe(404);
});

test('a renewal forced by a long threshold is served with a new serial, without any manual reload', async () => {
  const domain = testDomain(alice);
  const before = await servedSerial(domain, httpsPort);
  // Pebble's certificates live for years: a threshold of 100 years makes every one due.
  await restartAgentWithTls(stack, { ...tlsSection, renewBeforeDays: 36500 });
  const deadline = Date.now() + 60_000;
  let now = before;
  while (Date.now() < deadline && now === before) {
    await new Promise((r) => setTimeout(r, 250));
    now = await servedSerial(domain, httpsPort);
  }
  expect(now).not.toBe(before);
  await restartAgentWithTls(stack, tlsSection);
  const status = await waitForTls(stack, ids.alice, (s) => s.status === 'issued');
  expect(sameSerial(await servedSerial(domain, httpsPort), status.serial)).toBe(true);
  expect(sameSerial(status.serial, before)).toBe(false);
  expect(curlHttps(domain, httpsPort, pebble.rootFile).status).toBe(200);
});

describe('custom certificate upload', () => {
  beforeAll(async () => {
    const res = await stack.request('POST', '/api/v1/accounts', body(bob));
    expect(res.status).toBe(201);
    ids.bob = res.body.data.id;
    await waitForTls(stack, ids.bob, (s) => s.status === 'issued');
  });

  test('a key that does not match the certificate → 422', async () => {
    const { certificate } = ca.issue([testDomain(bob)]);
    const res = await stack.request('PUT', `/api/v1/accounts/${ids.bob}/tls`, { certificate, private_key: ca.strayKey() });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'private_key', message: 'does not match the certificate' })]);
  });

  test('a certificate for another name → 422', async () => {
    const other = ca.issue(['somewhere-else.example.org']);
    const res = await stack.request('PUT', `/api/v1/accounts/${ids.bob}/tls`, { certificate: other.certificate, private_key: other.privateKey });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'certificate', message: `does not cover ${testDomain(bob)}` })]);
  });

  test('an expired certificate, or something that is no certificate → 422', async () => {
    const old = ca.issue([testDomain(bob)], { start: '20200101000000Z', end: '20200201000000Z' });
    const expired = await stack.request('PUT', `/api/v1/accounts/${ids.bob}/tls`, { certificate: old.certificate, private_key: old.privateKey });
    expect(expired.status).toBe(422);
    expect(expired.body.details).toEqual([expect.objectContaining({ field: 'certificate', message: 'has expired' })]);
    const junk = await stack.request('PUT', `/api/v1/accounts/${ids.bob}/tls`, { certificate: 'hello', private_key: 'x' });
    expect(junk.status).toBe(422);
  });

  test('a valid one is installed and served', async () => {
    const domain = testDomain(bob);
    const served = await servedSerial(domain, httpsPort);
    const good = ca.issue([domain, `www.${domain}`]);
    const res = await stack.request('PUT', `/api/v1/accounts/${ids.bob}/tls`, { certificate: good.certificate, private_key: good.privateKey });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'issued', source: 'custom', last_error: null });
    const page = curlHttps(domain, httpsPort, ca.caFile);
    expect(page.error).toBe('');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Welcome to ${domain}`);
    const now = await servedSerial(domain, httpsPort);
    expect(now).not.toBe(served);
    expect(sameSerial(now, res.body.data.serial)).toBe(true);
    // The pebble-issued site next door is untouched.
    expect(curlHttps(testDomain(alice), httpsPort, pebble.rootFile).status).toBe(200);
  });
});

test('suspend keeps the certificate (HTTPS answers 503); account delete removes the live directory', async () => {
  const domain = testDomain(alice);
  expect((await stack.request('POST', `/api/v1/accounts/${ids.alice}/suspend`)).status).toBe(200);
  expect(existsSync(join(liveRoot, domain, 'fullchain.pem'))).toBe(true);
  expect(curlHttps(domain, httpsPort, pebble.rootFile).status).toBe(503);
  expect((await stack.request('POST', `/api/v1/accounts/${ids.alice}/unsuspend`)).status).toBe(200);
  expect(curlHttps(domain, httpsPort, pebble.rootFile).status).toBe(200);

  expect((await stack.request('DELETE', `/api/v1/accounts/${ids.alice}`)).status).toBe(204);
  expect(() => lstatSync(join(liveRoot, domain))).toThrow(/ENOENT/);
  expect((await stack.request('GET', `/api/v1/accounts/${ids.alice}/tls`)).status).toBe(404);
  // The other site still serves its certificate.
  expect(curlHttps(testDomain(bob), httpsPort, ca.caFile).status).toBe(200);
});
