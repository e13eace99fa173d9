import { execFileSync } from 'node:child_process';
import { startStack, Stack } from '../harness/stack';
import { removeTestUsers, testDomain, testUsername } from '../harness/names';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});

describe('parallel requests', () => {
  test('20 parallel creates of one username: exactly one 201, the rest 409, one Linux user', async () => {
    const username = testUsername();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stack.request('POST', '/api/v1/accounts', {
        username, domain: `d${i}.${testDomain(username)}`, email: `o@${testDomain(username)}`, password: 'longenough', package_id: 1,
      })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const passwd = execFileSync('getent', ['passwd']).toString().split('\n').filter((l) => l.startsWith(`${username}:`));
    expect(passwd).toHaveLength(1);
    expect(await stack.db('accounts').where({ username }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  test('parallel creates of one domain and of a parent/sub-domain: exactly one wins', async () => {
    const owner = testUsername();
    const domain = testDomain(owner);
    const names = Array.from({ length: 10 }, () => testUsername());
    const results = await Promise.all(names.map((u, i) => stack.request('POST', '/api/v1/accounts', {
      username: u, domain: i % 2 ? domain : `www.${domain}`, email: `o@${domain}`, password: 'longenough', package_id: 1,
    })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });
});
