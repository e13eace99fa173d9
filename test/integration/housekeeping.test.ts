import { KnexSessionStore } from '../../packages/api/src/stores/knex-session-store';
import { startStack, Stack } from '../harness/stack';
import { accountBody, removeTestUsers, testUsername } from '../harness/names';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

test('expired sessions are purged; live ones stay and still authenticate', async () => {
  const username = testUsername();
  expect((await stack.request('POST', '/api/v1/accounts', accountBody(username))).status).toBe(201);
  const login = await stack.request('POST', '/api/v1/auth/login', { login: username, password: 's3cur3p@ss' }, null);
  expect(login.status).toBe(200);
  const person = await stack.db('people').where({ login: username }).first();
  await stack.db('sessions').insert({ jti: '00000000-0000-4000-8000-000000000001', person_id: person.id, expires_at: new Date(Date.now() - 3_600_000) });

  expect(await new KnexSessionStore(stack.db).purgeExpired()).toBe(1);
  expect(await stack.db('sessions').where({ person_id: person.id }).count({ n: '*' })).toEqual([{ n: 1 }]);
  const token = login.body.data?.token ?? login.body.token;
  expect((await stack.request('GET', '/api/v1/accounts', undefined, token)).status).toBe(200);
});
