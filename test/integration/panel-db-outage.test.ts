import { mkdtempSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, Stack } from '../harness/stack';
import { launchMariaDb, startMariaDb, stopMariaDb, TestMariaDb } from '../harness/mariadb';
import { accountBody, linuxUserExists, removeTestUsers, testUsername } from '../harness/names';

/*
 * The panel's MariaDB stopped during a create: 503 and nothing left behind; once it is
 * back, the same request with the same Idempotency-Key succeeds, once.
 */
let stack: Stack;
let maria: TestMariaDb;

beforeAll(async () => {
  const root = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'outage-'));
  chmodSync(root, 0o755);
  maria = (await startMariaDb(join(root, 'mariadb'))).db;
  stack = await startStack({ mariadb: maria });
});

afterAll(async () => {
  await stack?.stop().catch(() => undefined);
  await stopMariaDb(maria);
  removeTestUsers();
});

test('MariaDB stopped: 503, nothing on the host; restarted: the same keyed request succeeds once', async () => {
  const username = testUsername();
  const key = { 'Idempotency-Key': `outage-${username}` };
  await stopMariaDb(maria);

  const started = Date.now();
  const down = await stack.request('POST', '/api/v1/accounts', accountBody(username), undefined, key);
  expect(down.status).toBe(503);
  expect(down.body.error).toBe('dependency_unavailable');
  expect(down.headers.get('retry-after')).toBeTruthy();
  expect(Date.now() - started).toBeLessThan(6000);
  expect(linuxUserExists(username)).toBe(false);
  expect((await stack.request('GET', '/readyz', undefined, null)).body.checks.database).toBe(false);

  maria = (await launchMariaDb(maria.root, maria.port)).db;
  let first = await stack.request('POST', '/api/v1/accounts', accountBody(username), undefined, key);
  for (let i = 0; i < 50 && first.status === 503; i++) {
    await new Promise((r) => setTimeout(r, 200));
    first = await stack.request('POST', '/api/v1/accounts', accountBody(username), undefined, key);
  }
  expect(first.status).toBe(201);
  const replay = await stack.request('POST', '/api/v1/accounts', accountBody(username), undefined, key);
  expect(replay.status).toBe(201);
  expect(replay.body).toEqual(first.body);
  expect(await stack.db('accounts').where({ username }).count({ n: '*' })).toEqual([{ n: 1 }]);
  expect(linuxUserExists(username)).toBe(true);
  expect(await stack.doctor()).toEqual([]);
});
