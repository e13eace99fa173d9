import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@hearth/shared';
import { AcmeIssuer } from '../../packages/agent/src/tls/acme-issuer';
import { tlsSettingsDefaults } from '../../packages/agent/src/tls/tls-config';
import { Pebble, startPebble } from '../harness/pebble';

/*
 * The ACME client alone against the real Pebble, whose challenges all pass here (no nginx or
 * DNS behind it): what it sends the CA, read from Pebble's own log of requests, and what a
 * second client over the same account key (a new ACME worker) does.
 */
let root: string;
let pebble: Pebble;
const log = createLogger('hearth-agent', 'silent');

beforeAll(async () => {
  root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'acme-client-'));
  pebble = await startPebble({ root, httpPort: 9, dnsPort: 9, alwaysValid: true });
});

afterAll(async () => {
  await pebble?.stop();
  rmSync(root, { recursive: true, force: true });
});

function issuer(): AcmeIssuer {
  const settings = { ...tlsSettingsDefaults, directoryUrl: pebble.directoryUrl, caBundle: pebble.caFile, skipChallengeVerification: true, pollMinMs: 50, pollMaxMs: 500 };
  return new AcmeIssuer(settings, join(root, 'state'), join(root, 'challenges'), log);
}

/** Pebble's request lines since `from` (a length of its log), by method and path. */
function requestsSince(from: number): { heads: number; posts: number } {
  const lines = readFileSync(pebble.logFile, 'utf8').slice(from).split('\n');
  return {
    heads: lines.filter((l) => /HEAD \/nonce-plz/.test(l)).length,
    posts: lines.filter((l) => /POST \//.test(l)).length,
  };
}

test('requests are signed with the nonces of earlier answers: HEAD newNonce only while orders in flight outnumber them', async () => {
  const client = issuer();
  let from = readFileSync(pebble.logFile, 'utf8').length;
  await client.issue(['first.nonces.example.com']);
  // The account's registration needs one; every later request uses the nonce of an answer.
  expect(requestsSince(from).heads).toBe(1);

  from = readFileSync(pebble.logFile, 'utf8').length;
  const names = Array.from({ length: 10 }, (_, i) => `n${i}.nonces.example.com`);
  const issued = await Promise.all(names.map((name) => client.issue([name, `www.${name}`])));
  for (const [i, cert] of issued.entries()) {
    expect(new X509Certificate(cert.fullchain).subjectAltName).toContain(`DNS:${names[i]}`);
  }
  const { heads, posts } = requestsSince(from);
  // About 10 signed requests per certificate (order, 2 authorizations, 2 challenges, polls,
  // finalization, download): before, each one followed a HEAD of its own. Now one only for a
  // request that finds no kept nonce: at most one per request in flight, and an order has up to
  // one per name in flight (its authorizations are fetched together), here 2 per order.
  expect(posts).toBeGreaterThanOrEqual(80);
  expect(heads).toBeLessThanOrEqual(names.length * 2);

  from = readFileSync(pebble.logFile, 'utf8').length;
  for (const name of ['s1.nonces.example.com', 's2.nonces.example.com']) await client.issue([name]);
  expect(requestsSince(from)).toMatchObject({ heads: 0 });
});

test('a second client over the same account key (a new ACME worker) gets its first certificate at once', async () => {
  // Without a contact address acme-client "updated" the existing account with nothing but
  // termsOfServiceAgreed, which Pebble refuses: the first order of every new worker failed.
  const cert = await issuer().issue(['again.example.com']);
  expect(new X509Certificate(cert.fullchain).subjectAltName).toContain('DNS:again.example.com');
});
