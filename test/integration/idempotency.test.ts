import { startStack, Stack } from '../harness/stack';
import { accountBody, linuxUserExists, removeTestUsers, testUsername } from '../harness/names';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
  removeTestUsers();
});


describe('Idempotency-Key', () => {
  test('a create retried with the same key answers the same 201 and body; one account exists', async () => {
    const username = testUsername();
    const first = await stack.request('POST', '/api/v1/accounts', accountBody(username), undefined, { 'Idempotency-Key': `create-${username}` });
    expect(first.status).toBe(201);
    const again = await stack.request('POST', '/api/v1/accounts', accountBody(username), undefined, { 'Idempotency-Key': `create-${username}` });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await stack.db('accounts').where({ username }).count({ n: '*' })).toEqual([{ n: 1 }]);

    const reused = await stack.request('POST', '/api/v1/accounts', accountBody(username, { email: 'other@example.com' }), undefined, { 'Idempotency-Key': `create-${username}` });
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe('idempotency_key_reused');
  });

  test('a delete retried with the same key answers 204 again without a second effect', async () => {
    const username = testUsername();
    const created = await stack.request('POST', '/api/v1/accounts', accountBody(username));
    const path = `/api/v1/accounts/${created.body.data.id}`;
    const first = await stack.request('DELETE', path, undefined, undefined, { 'Idempotency-Key': `del-${username}` });
    const again = await stack.request('DELETE', path, undefined, undefined, { 'Idempotency-Key': `del-${username}` });
    expect([first.status, again.status]).toEqual([204, 204]);
    expect(linuxUserExists(username)).toBe(false);
    expect((await stack.request('DELETE', path)).status).toBe(404);
  });

  test('keys are per caller, errors are replayed, and 5xx answers are not kept', async () => {
    const username = testUsername();
    const other = await stack.createToken(['*']);
    const key = { 'Idempotency-Key': `shared-${username}` };
    expect((await stack.request('POST', '/api/v1/accounts', accountBody(username, { package_id: 999 }), undefined, key)).status).toBe(422);
    // The same request under the same key replays the 422 even though it would now be valid.
    expect((await stack.request('POST', '/api/v1/accounts', accountBody(username, { package_id: 999 }), undefined, key)).status).toBe(422);
    // Another token's key space is its own.
    expect((await stack.request('POST', '/api/v1/accounts', accountBody(username), other, key)).status).toBe(201);

    await stack.killAgent();
    const second = testUsername();
    const k2 = { 'Idempotency-Key': `retry-${second}` };
    expect((await stack.request('POST', '/api/v1/accounts', accountBody(second), undefined, k2)).status).toBe(503);
    await stack.startAgent();
    let retried = await stack.request('POST', '/api/v1/accounts', accountBody(second), undefined, k2);
    for (let i = 0; i < 20 && retried.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 100));
      retried = await stack.request('POST', '/api/v1/accounts', accountBody(second), undefined, k2);
    }
    expect(retried.status).toBe(201);
    expect(linuxUserExists(second)).toBe(true);
  });

  test('an invalid key is refused', async () => {
    const res = await stack.request('POST', '/api/v1/accounts', accountBody(testUsername()), undefined, { 'Idempotency-Key': 'x'.repeat(300) });
    expect(res.status).toBe(422);
  });
});
