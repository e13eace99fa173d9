import express from 'express';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staticWeb } from './static-web';

let dist: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<div id="app"></div>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  const app = express();
  app.use(staticWeb(dist));
  app.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dist, { recursive: true, force: true });
});

test.each(['/', '/accounts', '/accounts/12', '/audit?page=2', '/apis', '/healthzz'])('%s is the app', async (path) => {
  const res = await fetch(url + path, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('<div id="app"></div>');
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(res.headers.get('cache-control')).toBe('no-cache');
});

test.each(['/api', '/api/v1/nope', '/api/v2', '/execute/UserManager/x', '/uapi', '/healthz/x', '/readyz', '/metrics'])('%s is never the app', async (path) => {
  const res = await fetch(url + path, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ error: 'not_found' });
});

test('hashed assets are cached for a year; a missing asset is a 404, not the app', async () => {
  const res = await fetch(`${url}/assets/app-1234.js`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
});

test('without a build, nothing is served', async () => {
  const app = express();
  app.use(staticWeb(join(dist, 'absent')));
  app.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
  const s = app.listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
  expect(res.status).toBe(404);
  await new Promise((r) => s.close(r));
});
