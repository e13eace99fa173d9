import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { cookieSession } from './cookie-session';
import type { SessionService } from '../services/session-service';

const JWT = 'aaa.bbb.ccc';
const sessions = {
  login: async () => ({ token: JWT, token_type: 'Bearer', expires_at: new Date(Date.now() + 3600_000).toISOString(), person: { id: 1, login: 'ann', role: 'CUSTOMER' } }),
} as unknown as SessionService;

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.use('/api/v1', cookieSession(sessions), (req, res) => {
    res.json({ authorization: req.get('authorization') ?? null });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(() => new Promise((r) => server.close(r)));

const panel = { 'x-hearth-session': 'cookie' };

test('login with the panel header: the JWT goes into an HttpOnly, Secure, SameSite=Strict cookie, not the body', async () => {
  const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { ...panel, 'content-type': 'application/json' }, body: '{"login":"ann","password":"x"}' });
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^hearth_session=aaa\.bbb\.ccc; Path=\/api\/v1; Max-Age=(3599|3600); HttpOnly; Secure; SameSite=Strict$/);
  const body = await res.json();
  expect(body.data.token).toBeUndefined();
  expect(body.data).toMatchObject({ token_type: 'Cookie', person: { login: 'ann' } });
});

test.each([
  ['the cookie with the panel header', { ...panel, cookie: `other=1; hearth_session=${JWT}` }, `Bearer ${JWT}`],
  ['the cookie without the panel header (a cross-site request)', { cookie: `hearth_session=${JWT}` }, null],
  ['an Authorization header wins over the cookie', { ...panel, cookie: `hearth_session=${JWT}`, authorization: 'Bearer hth_x' }, 'Bearer hth_x'],
  ['a cookie that is not a JWT', { ...panel, cookie: 'hearth_session=a.b.c d' }, null],
  ['a cookie that is not a JWT (two parts)', { ...panel, cookie: 'hearth_session=a.b' }, null],
])('%s', async (_name, headers, expected) => {
  const res = await fetch(`${url}/accounts`, { headers });
  expect((await res.json()).authorization).toBe(expected);
});

test('logout with the panel header expires the cookie and still reaches the route', async () => {
  const res = await fetch(`${url}/auth/logout`, { method: 'POST', headers: { ...panel, cookie: `hearth_session=${JWT}` } });
  expect(res.headers.get('set-cookie')).toBe('hearth_session=; Path=/api/v1; Max-Age=0; HttpOnly; Secure; SameSite=Strict');
  expect((await res.json()).authorization).toBe(`Bearer ${JWT}`);
});
