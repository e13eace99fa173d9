import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startStack, Stack } from '../harness/stack';
import { NginxPhp, startNginxPhp } from '../harness/nginx-php';
import { PdnsInstance, startPdns } from '../harness/pdns';
import { Pebble, startPebble } from '../harness/pebble';
import { freePort } from '../harness/ports';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';
import { curlHttps } from '../harness/tls-clients';

/*
 * Issue 18, TLS: an addon domain and a subdomain get their own certificates the way the
 * primary does (planned by the add, issued in the background by pebble over HTTP-01
 * against the private nginx), and HTTPS serves each domain's own document root; removing
 * the domain removes its certificate.
 */
let root: string;
let daemons: NginxPhp;
let pdns: PdnsInstance;
let pebble: Pebble;
let stack: Stack;
let httpsPort: number;
let liveRoot: string;
const alice = testUsername();
const primary = testDomain(alice);
const addon = `${alice}-tls.example.org`;
const sub = `blog.${primary}`;

function uidOf(username: string): number {
  return Number(execFileSync('id', ['-u', username]).toString().trim());
}

/** Polls HTTPS until the name is served with a certificate pebble's root verifies. */
async function waitForHttps(host: string, expected: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = {};
  while (Date.now() < deadline) {
    await pebble.rootPem();
    const page = curlHttps(host, httpsPort, pebble.rootFile);
    if (page.ok && page.status === 200 && page.body === expected) return;
    last = page;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${host} was not served over HTTPS in time: ${JSON.stringify(last)}`);
}

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'domains-tls-'));
  daemons = await startNginxPhp(root);
  pdns = await startPdns({ root, dns: { serverIpv4: '127.0.0.1' } });
  pebble = await startPebble({ root, httpPort: daemons.port, dnsPort: pdns.port });
  httpsPort = await freePort();
  liveRoot = join(root, 'letsencrypt', 'live');
  const tls = {
    enabled: true, autoIssue: true, directoryUrl: pebble.directoryUrl, caBundle: pebble.caFile, liveRoot,
    skipChallengeVerification: true, checkIntervalMs: 1000, retry: { initialMs: 1000, factor: 2, maxMs: 8000 },
    pollMinMs: 100, pollMaxMs: 1000, https: { listen: [`127.0.0.1:${httpsPort}`], redirect: false },
  };
  stack = await startStack({ agent: { web: daemons.web, dns: pdns.dns, tls } });
});

afterAll(async () => {
  await stack?.stop();
  await pebble?.stop();
  await pdns?.stop();
  await daemons?.stop();
  removeTestUsers();
  rmSync(root, { recursive: true, force: true });
});

test('an addon domain and a subdomain are certified in the background and serve their own sites over HTTPS; removal takes the certificate', async () => {
  const created = await stack.request('POST', '/api/v1/accounts', {
    username: alice, domain: primary, email: `owner@${primary}`, password: 's3cur3p@ss', package_id: 1,
  });
  expect(created.status).toBe(201);
  const id = created.body.data.id;
  for (const [domain, type, dir] of [[addon, 'addon', 'shop'], [sub, 'subdomain', 'blog']]) {
    const res = await stack.request('POST', `/api/v1/accounts/${id}/domains`, { domain, type, document_root: dir });
    expect(res.status).toBe(201);
    const file = join(stack.root, 'home', alice, dir, 'index.php');
    writeFileSync(file, `<?php echo "${dir} " . posix_getuid();`);
    chownSync(file, uidOf(alice), uidOf(alice));
  }
  await waitForHttps(addon, `shop ${uidOf(alice)}`);
  await waitForHttps(`www.${addon}`, `shop ${uidOf(alice)}`);
  await waitForHttps(sub, `blog ${uidOf(alice)}`);
  expect(readFileSync(join(liveRoot, addon, 'fullchain.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  // The primary keeps its own site and certificate.
  await waitForHttps(primary, readFileSync(join(stack.root, 'home', alice, 'public_html', 'index.html'), 'utf8'));

  expect((await stack.request('DELETE', `/api/v1/accounts/${id}/domains/${addon}`)).status).toBe(204);
  expect(existsSync(join(liveRoot, addon))).toBe(false);
  expect(curlHttps(addon, httpsPort, pebble.rootFile).ok).toBe(false);
  expect((await stack.request('DELETE', `/api/v1/accounts/${id}`)).status).toBe(204);
  expect(existsSync(join(liveRoot, sub))).toBe(false);
  expect(existsSync(join(liveRoot, primary))).toBe(false);
  expect(await stack.doctor()).toEqual([]);
}, 240_000);
