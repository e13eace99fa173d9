import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { AUTH_METADATA_KEY, contractFiles, protoRoot, PROTO_LOADER_OPTIONS } from '@hearth/shared';
import { startStack, Stack } from '../harness/stack';
import { startMail, MailInstance } from '../harness/mail';
import { waitForLogin } from '../harness/mail-clients';
import { linuxUserExists, removeTestUsers, testDomain, testUsername } from '../harness/names';

/**
 * The agent decides what belongs to an account from its own records, not from the
 * request: whoever holds the socket (a compromised API) names the victim's domain with
 * their own username and tries to delete, suspend, take over or read the victim's mail
 * domain, mailboxes, certificate and zone. Each call answers INVALID_ARGUMENT or NOT_FOUND
 * and the victim's host state is unchanged — the real Dovecot still lets the victim's
 * mailbox log in. The calls go straight to the agent's gRPC socket with its token.
 */
let mx: MailInstance;
let stack: Stack;
let client: Record<string, grpc.Client>;
let metadata: grpc.Metadata;
const victim = { username: '', domain: '', id: 0 };
const attacker = { username: '', domain: '', id: 0 };
const BOSS_PASSWORD = 'Boss-mailbox-pass1';

interface CallResult {
  code: grpc.status;
  reason: string;
  body?: Record<string, unknown>;
}

function call(service: string, method: string, request: object): Promise<CallResult> {
  const c = client[service] as unknown as Record<string, (req: object, md: grpc.Metadata, opts: object, cb: (err: grpc.ServiceError | null, res: Record<string, unknown>) => void) => void>;
  return new Promise((resolve) => {
    c[method].call(c, request, metadata, { deadline: Date.now() + 60_000 }, (err, res) => {
      if (err) resolve({ code: err.code, reason: String(err.metadata.get('hearth-error-code')[0] ?? '') });
      else resolve({ code: grpc.status.OK, reason: '', body: res });
    });
  });
}

const op = () => `own-${randomUUID()}`;
const REFUSED = [grpc.status.INVALID_ARGUMENT, grpc.status.NOT_FOUND];

async function createAccount(into: typeof victim): Promise<void> {
  into.username = testUsername();
  into.domain = testDomain(into.username);
  const res = await stack.request('POST', '/api/v1/accounts', { username: into.username, domain: into.domain, email: `owner@${into.domain}`, password: 'Owner-pass-123', package_id: 1 });
  expect(res.status).toBe(201);
  into.id = res.body.data.id;
}

async function components(username: string, domain: string): Promise<{ exists: boolean; suspended: boolean; components: string[] }> {
  const r = await call('AccountService', 'GetAccount', { username, domain });
  expect(r.code).toBe(grpc.status.OK);
  const state = r.body!.account as { exists: boolean; suspended: boolean; components: string[] };
  return { exists: state.exists, suspended: state.suspended, components: [...state.components].sort() };
}

beforeAll(async () => {
  mx = await startMail();
  // TLS on, with no CA (nothing is ever asked of one): uploads and status are served.
  const liveRoot = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'live-'));
  stack = await startStack({ agent: { mail: mx.mail, tls: { enabled: true, autoIssue: false, directoryUrl: '', liveRoot } } });
  const definition = protoLoader.loadSync(contractFiles(), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
  const pkg = (grpc.loadPackageDefinition(definition).hearth as grpc.GrpcObject).agent as grpc.GrpcObject;
  const v1 = pkg.v1 as Record<string, grpc.ServiceClientConstructor>;
  client = {};
  for (const s of ['AccountService', 'MailService', 'TlsService']) client[s] = new v1[s](`unix:${stack.agentConfig.socketPath}`, grpc.credentials.createInsecure());
  metadata = new grpc.Metadata();
  metadata.set(AUTH_METADATA_KEY, `Bearer ${readFileSync(stack.agentConfig.tokenFile as string, 'utf8').trim()}`);
  await createAccount(victim);
  await createAccount(attacker);
  const mbox = await stack.request('POST', `/api/v1/accounts/${victim.id}/mailboxes`, { local_part: 'boss', password: BOSS_PASSWORD, quota_mb: 10 });
  expect(mbox.status).toBe(201);
  await waitForLogin(mx.imapPort, `boss@${victim.domain}`, BOSS_PASSWORD, true);
});

afterAll(async () => {
  for (const c of Object.values(client ?? {})) c.close();
  await stack?.stop();
  await mx?.stop();
  removeTestUsers();
});

describe('account lifecycle calls naming another account\'s domain', () => {
  test('suspend, unsuspend, delete and repair as the attacker with the victim\'s domain are refused and change nothing', async () => {
    const victimBefore = await components(victim.username, victim.domain);
    const attackerBefore = await components(attacker.username, attacker.domain);
    expect(victimBefore.components).toContain('mail_domain');
    for (const method of ['SuspendAccount', 'UnsuspendAccount', 'DeleteAccount']) {
      const r = await call('AccountService', method, { operation_id: op(), username: attacker.username, domain: victim.domain });
      expect({ method, code: r.code, reason: r.reason }).toEqual({ method, code: grpc.status.INVALID_ARGUMENT, reason: 'validation_failed' });
    }
    const repair = await call('AccountService', 'RepairAccount', { operation_id: op(), username: attacker.username, domain: victim.domain, limits: {} });
    expect(repair.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await components(victim.username, victim.domain)).toEqual(victimBefore);
    expect(await components(attacker.username, attacker.domain)).toEqual(attackerBefore);
    expect(victimBefore.suspended).toBe(false);
    // Mail of the victim's domain is not suspended or removed: Dovecot still lets the mailbox in.
    await waitForLogin(mx.imapPort, `boss@${victim.domain}`, BOSS_PASSWORD, true);
  });

  test('a username with no account cannot delete a recorded account\'s domain (or a subdomain of it)', async () => {
    for (const domain of [victim.domain, `shop.${victim.domain}`]) {
      const r = await call('AccountService', 'DeleteAccount', { operation_id: op(), username: testUsername(), domain });
      expect(r.code).toBe(grpc.status.INVALID_ARGUMENT);
    }
    expect((await components(victim.username, victim.domain)).components).toContain('mail_domain');
    await waitForLogin(mx.imapPort, `boss@${victim.domain}`, BOSS_PASSWORD, true);
  });

  test('a create under the victim\'s domain is refused before any step: no Linux user, no home', async () => {
    const username = testUsername();
    const r = await call('AccountService', 'CreateAccount', { operation_id: op(), username, domain: victim.domain, limits: {} });
    expect(r.code).toBe(grpc.status.ALREADY_EXISTS);
    expect(linuxUserExists(username)).toBe(false);
    expect(existsSync(join(stack.root, 'home', username))).toBe(false);
    await waitForLogin(mx.imapPort, `boss@${victim.domain}`, BOSS_PASSWORD, true);
  });

  test('the owner naming its own domain is still served', async () => {
    const r = await call('AccountService', 'SuspendAccount', { operation_id: op(), username: attacker.username, domain: attacker.domain });
    expect(r.code).toBe(grpc.status.OK);
    const back = await call('AccountService', 'UnsuspendAccount', { operation_id: op(), username: attacker.username, domain: attacker.domain });
    expect(back.code).toBe(grpc.status.OK);
  });
});

describe('mailbox calls', () => {
  test('delete, update and list of the victim\'s mailbox as the attacker are refused; the mailbox keeps working', async () => {
    const boss = { domain: victim.domain, local_part: 'boss' };
    const del = await call('MailService', 'DeleteMailbox', { operation_id: op(), username: attacker.username, ...boss });
    expect(REFUSED).toContain(del.code);
    const upd = await call('MailService', 'UpdateMailbox', { operation_id: op(), username: attacker.username, ...boss, password: 'Stolen-pass-123', set_quota: false, quota_mb: 0 });
    expect(REFUSED).toContain(upd.code);
    const list = await call('MailService', 'ListMailboxes', { username: attacker.username, domain: victim.domain });
    expect(REFUSED).toContain(list.code);
    // Without any account named, nothing is done either.
    expect(REFUSED).toContain((await call('MailService', 'DeleteMailbox', { operation_id: op(), ...boss })).code);
    await waitForLogin(mx.imapPort, `boss@${victim.domain}`, BOSS_PASSWORD, true);
    await waitForLogin(mx.imapPort, `boss@${victim.domain}`, 'Stolen-pass-123', false);
    // The owner's own call is served.
    const own = await call('MailService', 'ListMailboxes', { username: victim.username, domain: victim.domain });
    expect(own.code).toBe(grpc.status.OK);
    expect((own.body!.mailboxes as { address: string }[]).map((m) => m.address)).toEqual([`boss@${victim.domain}`]);
  });

  test('a mailbox created in the victim\'s domain by the attacker is refused and cannot log in', async () => {
    const r = await call('MailService', 'CreateMailbox', { operation_id: op(), username: attacker.username, domain: victim.domain, local_part: 'spy', password: 'Spy-pass-12345', quota_mb: 0 });
    expect(REFUSED).toContain(r.code);
    await waitForLogin(mx.imapPort, `spy@${victim.domain}`, 'Spy-pass-12345', false);
  });
});

describe('certificate calls', () => {
  test('status and upload for the victim\'s domain as the attacker are refused', async () => {
    const status = await call('TlsService', 'GetTlsStatus', { username: attacker.username, domain: victim.domain });
    expect(REFUSED).toContain(status.code);
    const upload = await call('TlsService', 'UploadCertificate', { operation_id: op(), username: attacker.username, domain: victim.domain, certificate_pem: 'x', private_key_pem: 'y' });
    expect(REFUSED).toContain(upload.code);
    expect((await call('TlsService', 'GetTlsStatus', { username: victim.username, domain: victim.domain })).code).toBe(grpc.status.OK);
  });
});
