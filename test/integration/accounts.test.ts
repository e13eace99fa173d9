import { promises as fs, existsSync, readFileSync, statSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startStack, Stack } from '../harness/stack';
import { accountBody, linuxUserExists, removeTestUsers, testDomain, testUsername } from '../harness/names';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});


function shadowLine(user: string): string {
  return execFileSync('getent', ['shadow', user]).toString().trim();
}

describe('account lifecycle through the API and the agent', () => {
  const username = testUsername();
  let id: number;

  test('create answers 201 with the documented body after the agent made the user and home', async () => {
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.data).sort()).toEqual(['created_at', 'domain', 'email', 'id', 'package_id', 'status', 'username']);
    expect(res.body.data).toMatchObject({ username, domain: testDomain(username), email: `owner@${testDomain(username)}`, status: 'active', package_id: 1 });
    expect(res.body.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    id = res.body.data.id;

    const passwd = execFileSync('getent', ['passwd', username]).toString().trim().split(':');
    expect(passwd[4]).toBe('hearth-managed');
    expect(passwd[6]).toBe('/usr/sbin/nologin');
    // No password (useradd's "!", which no password matches): nothing logs in as the account,
    // which the delete relies on instead of locking the login (users/home-step.ts removeHome).
    expect(shadowLine(username).split(':')[1]).toBe('!');
    const home = join(stack.root, 'home', username);
    expect(passwd[5]).toBe(home);
    // No subordinate uid/gid range: nothing to map into a user namespace.
    for (const file of ['/etc/subuid', '/etc/subgid']) {
      const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
      expect(lines.filter((l) => l.startsWith(`${username}:`))).toEqual([]);
    }
    const uid = Number(passwd[2]);
    for (const dir of ['', 'public_html', 'logs', 'tmp']) {
      const st = statSync(join(home, dir));
      expect(st.isDirectory()).toBe(true);
      expect(st.uid).toBe(uid);
    }
    // Home: web server group may traverse only; other accounts get nothing.
    expect(statSync(home).mode & 0o777).toBe(0o710);
    expect(statSync(join(home, 'public_html')).mode & 0o007).toBe(0);
  });

  test('the panel never stores the password in clear', async () => {
    const row = await stack.db('accounts').where({ username }).first();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain('s3cur3p@ss');
  });

  test('GET one and GET the paginated list', async () => {
    const one = await stack.request('GET', `/api/v1/accounts/${id}`);
    expect(one.status).toBe(200);
    expect(one.body.data.username).toBe(username);
    const list = await stack.request('GET', '/api/v1/accounts?page=1&per_page=10');
    expect(list.status).toBe(200);
    expect(list.body.data.map((a: { id: number }) => a.id)).toContain(id);
    expect(list.body.meta).toMatchObject({ page: 1, per_page: 10 });
    expect((await stack.request('GET', '/api/v1/accounts/999999')).status).toBe(404);
    expect((await stack.request('GET', '/api/v1/accounts/abc')).body.error).toBe('not_found');
  });

  test('a remembered row: a change through the API shows at once, one made elsewhere (hearthctl, by hand) within a poll', async () => {
    const read = async () => (await stack.request('GET', `/api/v1/accounts/${id}`)).body.data;
    expect((await read()).status).toBe('active');
    // Through the API: the next read, immediately, sees it (and a second suspend is refused by the row it reads).
    expect((await stack.request('POST', `/api/v1/accounts/${id}/suspend`)).status).toBe(200);
    expect((await read()).status).toBe('suspended');
    expect((await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`)).status).toBe(200);
    expect((await read()).status).toBe('active');
    // By hand in the panel database: MariaDB bumps changed_at, the API's poll of the mark sees it.
    const original = (await read()).email;
    const changed = `changed@${testDomain(username)}`;
    await stack.db('accounts').where({ id }).update({ email: changed });
    try {
      let seen = original;
      for (const until = Date.now() + 5000; seen !== changed && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 50));
        seen = (await read()).email;
      }
      expect(seen).toBe(changed);
    } finally {
      await stack.db('accounts').where({ id }).update({ email: original });
    }
  });

  test('repeating the create answers 409 conflict', async () => {
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('conflict');
    const other = testUsername();
    const sameDomain = await stack.request('POST', '/api/v1/accounts', accountBody(other, { domain: testDomain(username).toUpperCase() + '.' }));
    expect(sameDomain.status).toBe(409);
    expect(linuxUserExists(other)).toBe(false);
  });

  test('suspend locks the login, a second suspend is 409, unsuspend restores exactly', async () => {
    const before = shadowLine(username);
    const s = await stack.request('POST', `/api/v1/accounts/${id}/suspend`);
    expect(s.status).toBe(200);
    expect(s.body.data).toMatchObject({ id, username, status: 'suspended' });
    const locked = shadowLine(username).split(':');
    expect(locked[1].startsWith('!')).toBe(true);
    expect(locked[7]).toBe('1');
    const again = await stack.request('POST', `/api/v1/accounts/${id}/suspend`);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('conflict');
    const u = await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`);
    expect(u.status).toBe(200);
    expect(u.body.data.status).toBe('active');
    expect(shadowLine(username)).toBe(before);
    expect((await stack.request('POST', `/api/v1/accounts/${id}/unsuspend`)).status).toBe(409);
  });

  test('delete answers 204; user and home are gone; a planted symlink is not followed', async () => {
    const outside = join(stack.root, 'outside');
    await fs.mkdir(outside);
    await fs.writeFile(join(outside, 'precious.txt'), 'keep me');
    const home = join(stack.root, 'home', username);
    await fs.symlink(outside, join(home, 'public_html', 'escape'));
    await fs.symlink(join(outside, 'precious.txt'), join(home, 'tmp', 'file-link'));

    const res = await stack.request('DELETE', `/api/v1/accounts/${id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(linuxUserExists(username)).toBe(false);
    expect(() => lstatSync(home)).toThrow();
    expect(await fs.readFile(join(outside, 'precious.txt'), 'utf8')).toBe('keep me');
    expect((await stack.request('GET', `/api/v1/accounts/${id}`)).status).toBe(404);
    expect((await stack.request('DELETE', `/api/v1/accounts/${id}`)).status).toBe(404);
  });
});

describe('bad input gets a clear JSON error and changes nothing', () => {
  test('every bad field is named in one 422', async () => {
    const res = await stack.request('POST', '/api/v1/accounts', { username: 'Bad-Name', domain: 'exa;mple.com', email: 'x', password: 'short', package_id: 'one' });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['domain', 'email', 'package_id', 'password', 'username']);
  });

  test.each([
    ['reserved name', { username: 'root' }],
    ['leading digit', { username: '1alice' }],
    ['too long', { username: 'a'.repeat(33) }],
    ['path characters', { username: 'al/ice' }],
    ['newline', { username: 'alice\nroot' }],
    ['unicode look-alike', { username: 'аlice' }],
    ['domain with braces', { domain: 'a{b}.com' }],
    ['domain with space', { domain: 'a b.com' }],
    ['ip literal', { domain: '127.0.0.1' }],
    ['localhost', { domain: 'localhost' }],
    ['wildcard', { domain: '*.example.com' }],
    ['over-long label', { domain: `${'a'.repeat(64)}.com` }],
    ['header injection in email', { email: 'a@b.com\r\nBcc: x@y.com' }],
    ['NUL in password', { password: 'abcdefgh\u0000ijk' }],
    ['unknown field', { is_admin: true }],
    ['__proto__ key', JSON.parse('{"__proto__": {"admin": true}}')],
    ['unknown package', { package_id: 999 }],
  ])('%s → 422', async (_name, patch) => {
    const username = testUsername();
    const res = await stack.request('POST', '/api/v1/accounts', { ...accountBody(username), ...patch });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details.length).toBeGreaterThan(0);
    expect(linuxUserExists(username)).toBe(false);
  });

  test('malformed JSON, non-object bodies, oversized bodies, unknown routes', async () => {
    const malformed = await stack.request('POST', '/api/v1/accounts', '{"username": ');
    expect(malformed.status).toBe(422);
    expect(malformed.body.error).toBe('validation_failed');
    const array = await stack.request('POST', '/api/v1/accounts', '[1,2]');
    expect(array.status).toBe(422);
    const big = await stack.request('POST', '/api/v1/accounts', { ...accountBody(testUsername()), pad: 'x'.repeat(200_000) });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('payload_too_large');
    const unknown = await stack.request('GET', '/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
    const wrongMethod = await stack.request('PUT', '/api/v1/accounts');
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.error).toBe('not_found');
  });

  test('terminate, then order the same username again: the second create succeeds', async () => {
    const username = testUsername();
    const first = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    expect(first.status).toBe(201);
    expect((await stack.request('DELETE', `/api/v1/accounts/${first.body.data.id}`)).status).toBe(204);
    const again = await stack.request('POST', '/api/v1/accounts', accountBody(username, { password: 'a-new-password' }));
    expect(again.status).toBe(201);
    expect(linuxUserExists(username)).toBe(true);
    const login = await stack.request('POST', '/api/v1/auth/login', { login: username, password: 'a-new-password' }, null);
    expect(login.status).toBe(200);
    expect((await stack.request('POST', '/api/v1/auth/login', { login: username, password: 's3cur3p@ss' }, null)).status).toBe(401);
  });

  test('Unicode domains are stored in their punycode form', async () => {
    const username = testUsername();
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(username, { domain: `${username}.bücher.example` }));
    expect(res.status).toBe(201);
    expect(res.body.data.domain).toBe(`${username}.xn--bcher-kva.example`);
    expect((await stack.request('DELETE', `/api/v1/accounts/${res.body.data.id}`)).status).toBe(204);
  });
});

describe('authentication and scopes', () => {
  test('no token, a wrong token, and a revoked-looking token answer 401', async () => {
    const none = await stack.request('GET', '/api/v1/accounts', undefined, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('unauthorized');
    const wrong = await stack.request('POST', '/api/v1/accounts', accountBody(testUsername()), 'hth_' + 'A'.repeat(43));
    expect(wrong.status).toBe(401);
    const garbage = await stack.request('GET', '/api/v1/accounts', undefined, 'not a token');
    expect(garbage.status).toBe(401);
  });

  test('a token without account.create gets 403 and nothing is created', async () => {
    const limited = await stack.createToken(['account.suspend']);
    const username = testUsername();
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(username), limited);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
    expect(linuxUserExists(username)).toBe(false);
    expect(await stack.db('accounts').where({ username }).first()).toBeUndefined();
  });

  test('an unbound token without "*" cannot read people', async () => {
    const limited = await stack.createToken(['account.suspend']);
    expect((await stack.request('GET', '/api/v1/customers', undefined, limited)).status).toBe(403);
    expect((await stack.request('GET', '/api/v1/customers/1', undefined, limited)).status).toBe(403);
    expect((await stack.request('GET', '/api/v1/customers')).status).toBe(200);
  });

  test('a token with only account.create can create', async () => {
    const creator = await stack.createToken(['account.create']);
    const username = testUsername();
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(username), creator);
    expect(res.status).toBe(201);
    const del = await stack.request('DELETE', `/api/v1/accounts/${res.body.data.id}`, undefined, creator);
    expect(del.status).toBe(403);
    expect((await stack.request('DELETE', `/api/v1/accounts/${res.body.data.id}`)).status).toBe(204);
  });
});
