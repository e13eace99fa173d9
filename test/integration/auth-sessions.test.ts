import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { startStack, Stack } from '../harness/stack';
import { KnexTokenStore, TokenService } from '@hearth/api';

const PASSWORD = 's3cur3p@ss';
let stack: Stack;
let secret: string;
const uniq = (p: string) => `${p}${randomBytes(4).toString('hex')}`;

async function newPerson(kind: 'resellers' | 'customers' = 'resellers'): Promise<{ id: number; login: string }> {
  const login = uniq('p');
  const res = await stack.request('POST', `/api/v1/${kind}`, { login, password: PASSWORD });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, login };
}

async function login(name: string, password = PASSWORD) {
  return stack.request('POST', '/api/v1/auth/login', { login: name, password }, null);
}

beforeAll(async () => {
  secret = randomBytes(32).toString('hex');
  stack = await startStack({ api: { jwt: { secret, algorithm: 'HS256', sessionTtlSeconds: 600 } } });
});

afterAll(async () => {
  await stack?.stop();
});

describe('login and sessions', () => {
  test('login answers a JWT with exp and jti; the session row exists; /auth/me names the person', async () => {
    const p = await newPerson();
    const res = await login(p.login);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ token_type: 'Bearer', person: { id: p.id, login: p.login, role: 'RESALE' } });
    const [header, payload] = res.body.data.token.split('.').slice(0, 2).map((s: string) => JSON.parse(Buffer.from(s, 'base64url').toString()));
    expect(header.alg).toBe('HS256');
    expect(payload.exp - payload.iat).toBe(600);
    expect(await stack.db('sessions').where({ jti: payload.jti, person_id: p.id }).first()).toBeDefined();
    const me = await stack.request('GET', '/api/v1/auth/me', undefined, res.body.data.token);
    expect(me.body.data).toMatchObject({ kind: 'session', role: 'RESALE', person_id: p.id, reseller_id: p.id });
  });

  test('a wrong password and an unknown login answer the same 401', async () => {
    const p = await newPerson();
    const wrong = await login(p.login, 'not-the-password');
    const unknown = await login(uniq('nobody'), 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  test('logout revokes the session server-side', async () => {
    const p = await newPerson();
    const token = (await login(p.login)).body.data.token;
    expect((await stack.request('POST', '/api/v1/auth/logout', undefined, token)).status).toBe(204);
    const after = await stack.request('GET', '/api/v1/auth/me', undefined, token);
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('unauthorized');
  });

  test("a password change revokes every session of the person and the reseller's tokens", async () => {
    const p = await newPerson();
    const s1 = (await login(p.login)).body.data.token;
    const s2 = (await login(p.login)).body.data.token;
    const bound = (await new TokenService(new KnexTokenStore(stack.db)).create('billing', ['*'], null, p.id)).token;
    expect((await stack.request('GET', '/api/v1/accounts', undefined, bound)).status).toBe(200);
    const wrong = await stack.request('POST', '/api/v1/auth/password', { current_password: 'nope-nope', new_password: 'an0ther-pass' }, s1);
    expect(wrong.status).toBe(422);
    const changed = await stack.request('POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'an0ther-pass' }, s1);
    expect(changed.status).toBe(204);
    for (const t of [s1, s2, bound]) expect((await stack.request('GET', '/api/v1/auth/me', undefined, t)).status).toBe(401);
    expect((await login(p.login)).status).toBe(401);
    expect((await login(p.login, 'an0ther-pass')).status).toBe(200);
  });

  test('a token revoked by another process (hearthctl) is refused within a revocation poll (500 ms), though the API remembered it', async () => {
    const outside = new TokenService(new KnexTokenStore(stack.db));
    const made = await outside.create('billing', ['*']);
    for (let i = 0; i < 3; i++) expect((await stack.request('GET', '/api/v1/auth/me', undefined, made.token)).status).toBe(200);
    expect(await outside.revoke(made.id)).toBe(true);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 5000) {
      status = (await stack.request('GET', '/api/v1/auth/me', undefined, made.token)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    const waited = Date.now() - revokedAt;
    console.log(`revoked outside the API: refused after ${waited} ms`);
    expect(status).toBe(401);
    // One poll interval, plus a poll in flight and a loaded machine's scheduling.
    expect(waited).toBeLessThan(2000);
  });

  test('an admin changing a customer password revokes its sessions', async () => {
    const c = await newPerson('customers');
    const s = (await login(c.login)).body.data.token;
    expect((await stack.request('PATCH', `/api/v1/customers/${c.id}`, { password: 'n3w-password' })).status).toBe(200);
    expect((await stack.request('GET', '/api/v1/auth/me', undefined, s)).status).toBe(401);
  });
});

describe('JWT attacks answer 401', () => {
  let person: { id: number; login: string };
  let jti: string;
  const now = () => Math.floor(Date.now() / 1000);
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = () => ({ sub: String(person.id), jti, role: 'ADMIN', iss: 'hearth', aud: 'hearth-api', iat: now() });

  beforeAll(async () => {
    person = await newPerson();
    const token = (await login(person.login)).body.data.token;
    jti = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).jti;
  });

  test('a correctly signed token for a live session works (the control)', async () => {
    const t = jwt.sign({ ...claims(), exp: now() + 60 }, secret, { algorithm: 'HS256' });
    expect((await stack.request('GET', '/api/v1/auth/me', undefined, t)).status).toBe(200);
  });

  const attacks: [string, () => string][] = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), exp: now() + 60 })}.`],
    ['alg none with a signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), exp: now() + 60 })}.${'A'.repeat(43)}`],
    ['RS256 instead of HS256 (algorithm swap)', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return jwt.sign({ ...claims(), exp: now() + 60 }, privateKey, { algorithm: 'RS256' });
    }],
    ['HS512 with the right secret', () => jwt.sign({ ...claims(), exp: now() + 60 }, secret, { algorithm: 'HS512' })],
    ['expired', () => jwt.sign({ ...claims(), iat: now() - 120, exp: now() - 60 }, secret, { algorithm: 'HS256' })],
    ['not yet valid (nbf in the future)', () => jwt.sign({ ...claims(), nbf: now() + 300, exp: now() + 600 }, secret, { algorithm: 'HS256' })],
    ['no exp', () => jwt.sign(claims(), secret, { algorithm: 'HS256' })],
    ['tampered signature', () => {
      const t = jwt.sign({ ...claims(), exp: now() + 60 }, secret, { algorithm: 'HS256' });
      const [h, p, s] = t.split('.');
      const sig = Buffer.from(s, 'base64url');
      sig[0] ^= 1;
      return `${h}.${p}.${sig.toString('base64url')}`;
    }],
    ['tampered payload (another person)', () => {
      const [h, , s] = jwt.sign({ ...claims(), exp: now() + 60 }, secret, { algorithm: 'HS256' }).split('.');
      return `${h}.${b64({ ...claims(), sub: '1', exp: now() + 60 })}.${s}`;
    }],
    ['signed with another secret', () => jwt.sign({ ...claims(), exp: now() + 60 }, randomBytes(32).toString('hex'), { algorithm: 'HS256' })],
    ['unknown jti', () => jwt.sign({ ...claims(), jti: randomUUID(), exp: now() + 60 }, secret, { algorithm: 'HS256' })],
    ["someone else's jti", () => jwt.sign({ ...claims(), sub: String(person.id + 1000), exp: now() + 60 }, secret, { algorithm: 'HS256' })],
  ];

  test.each(attacks)('%s', async (_name, make) => {
    const res = await stack.request('GET', '/api/v1/auth/me', undefined, make());
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('a revoked jti', async () => {
    const token = (await login(person.login)).body.data.token;
    expect((await stack.request('GET', '/api/v1/auth/me', undefined, token)).status).toBe(200);
    const revokedJti = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).jti;
    await stack.db('sessions').where({ jti: revokedJti }).update({ revoked_at: stack.db.fn.now() });
    expect((await stack.request('GET', '/api/v1/auth/me', undefined, token)).status).toBe(401);
  });

  test('every refused token is in the audit log as denied', async () => {
    const res = await stack.request('GET', `/api/v1/audit?action=${encodeURIComponent('GET /auth/me')}&outcome=denied&per_page=100`);
    expect(res.body.data.length).toBeGreaterThanOrEqual(attacks.length + 1);
    expect(res.body.data[0]).toMatchObject({ actor_type: 'anonymous', status: 401, source_ip: '127.0.0.1' });
  });
});

describe('login throttling', () => {
  test('ten wrong passwords in a row: the eleventh attempt answers 429 before the password is checked', async () => {
    const p = await newPerson();
    for (let i = 0; i < 10; i++) {
      const res = await login(p.login, `wrong-password-${i}`);
      expect(res.status).toBe(401);
    }
    // The right password, but the 11th attempt: refused without being checked.
    const eleventh = await login(p.login, PASSWORD);
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error).toBe('rate_limited');
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stack.db('sessions').where({ person_id: p.id }).first()).toBeUndefined();
    // Other people are not locked out by it.
    const other = await newPerson();
    expect((await login(other.login)).status).toBe(200);
    // The attempts are audited with the login that was tried.
    const audit = await stack.request('GET', `/api/v1/audit?action=${encodeURIComponent('POST /auth/login')}&outcome=denied&per_page=100`);
    const mine = audit.body.data.filter((e: { actor_label: string }) => e.actor_label === p.login);
    expect(mine.map((e: { status: number }) => e.status).sort()).toEqual([...Array(10).fill(401), 429]);
  });

  test('a source address spraying many logins is throttled as well', async () => {
    const s = await startStack({ withApi: true, api: { jwt: { secret }, loginThrottle: { maxFailuresPerAddress: 5 } } });
    try {
      for (let i = 0; i < 5; i++) {
        expect((await s.request('POST', '/api/v1/auth/login', { login: uniq('x'), password: 'whatever1' }, null)).status).toBe(401);
      }
      expect((await s.request('POST', '/api/v1/auth/login', { login: uniq('y'), password: 'whatever1' }, null)).status).toBe(429);
    } finally {
      await s.stop();
    }
  });
});
