import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { signLicense } from '@hearth/shared';
import { REPO, startStack, Stack } from '../harness/stack';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

let stack: Stack;
const keys = generateKeyPairSync('ed25519');
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let licenseFile: string;

beforeAll(async () => {
  // No license file yet: the Free plan.
  stack = await startStack({ api: (root) => ({ license: { file: join(root, 'etc', 'license.json'), publicKey: publicPem, freeAccountLimit: 5 } }) });
  licenseFile = (stack.apiConfig.license as { file: string }).file;
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

async function create(): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const u = testUsername();
  return stack.request('POST', '/api/v1/accounts', { username: u, domain: testDomain(u), email: `o@${testDomain(u)}`, password: 'longenough', package_id: 1 });
}

function writeLicense(maxAccounts: number, expiresAt: string, key = privatePem): void {
  const license = signLicense({ licensee: 'Test Hosting', max_accounts: maxAccounts, expires_at: expiresAt }, key);
  writeFileSync(licenseFile, JSON.stringify(license));
}

describe('license and plan limits', () => {
  test('without a license the Free plan allows 5 accounts; the 6th answers 403 account_limit_reached', async () => {
    for (let i = 0; i < 5; i++) expect((await create()).status).toBe(201);
    const sixth = await create();
    expect(sixth.status).toBe(403);
    expect(sixth.body.error).toBe('account_limit_reached');
    expect(await stack.db('accounts').count({ n: '*' })).toEqual([{ n: 5 }]);
  });

  test('a valid license raises the limit', async () => {
    writeLicense(10, new Date(Date.now() + 86_400_000).toISOString());
    expect((await create()).status).toBe(201);
  });

  test('an expired license blocks every write with 403 license_required; reads keep working', async () => {
    writeLicense(10, new Date(Date.now() - 1000).toISOString());
    const res = await create();
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('license_required');
    const list = await stack.request('GET', '/api/v1/accounts');
    expect(list.status).toBe(200);
    const id = list.body.data[0].id;
    expect((await stack.request('GET', `/api/v1/accounts/${id}`)).status).toBe(200);
    for (const [method, path] of [['DELETE', `/api/v1/accounts/${id}`], ['POST', `/api/v1/accounts/${id}/suspend`]]) {
      const w = await stack.request(method, path);
      expect(w.status).toBe(403);
      expect(w.body.error).toBe('license_required');
    }
    expect((await stack.request('GET', '/api/v1/packages')).status).toBe(200);
  });

  test('a license signed by another key blocks writes too', async () => {
    const other = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeLicense(100, new Date(Date.now() + 86_400_000).toISOString(), other);
    const res = await create();
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('license_required');
  });

  test('hearthctl license verify tells valid from expired and forged', () => {
    const cfg = join(stack.root, 'etc', 'api-cli.json');
    writeFileSync(cfg, JSON.stringify(stack.apiConfig));
    const verify = (): { code: number; out: string } => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [join(REPO, 'packages/cli/dist/main.js'), 'license', 'verify', licenseFile], { env: { ...process.env, HEARTH_API_CONFIG: cfg } }).toString() };
      } catch (e) {
        const err = e as { status: number; stdout: Buffer };
        return { code: err.status, out: err.stdout.toString() };
      }
    };
    expect(verify()).toMatchObject({ code: 1, out: expect.stringContaining('invalid: bad signature') });
    writeLicense(0, new Date(Date.now() + 86_400_000).toISOString());
    expect(verify()).toMatchObject({ code: 0, out: expect.stringContaining('valid: licensee Test Hosting, accounts unlimited') });
    writeLicense(3, '2020-01-01T00:00:00Z');
    expect(verify()).toMatchObject({ code: 1, out: expect.stringContaining('expired') });
    rmSync(licenseFile);
  });
});
