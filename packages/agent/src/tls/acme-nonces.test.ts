import { AcmeHttp, reuseNonces } from './acme-nonces';

/** An HttpClient stand-in: each answer carries the next nonce; HEADs are counted. */
function fakeHttp(badNonceOn: string[] = []) {
  let n = 0;
  const calls: string[] = [];
  const http: AcmeHttp = {
    async getNonce() {
      const resp = await http.request('https://ca/nonce', 'head');
      return resp.headers['replay-nonce'] as string;
    },
    async request(url, method) {
      calls.push(`${method} ${url}`);
      const nonce = `nonce-${++n}`;
      if (badNonceOn.includes(url)) return { status: 400, headers: { 'replay-nonce': nonce }, data: { type: 'urn:ietf:params:acme:error:badNonce' } };
      return { status: 200, headers: { 'replay-nonce': nonce } };
    },
  };
  return { http, calls };
}

describe('reuseNonces', () => {
  test('a nonce from an answer signs the next request; HEAD only when none is kept', async () => {
    const { http, calls } = fakeHttp();
    reuseNonces(http);
    expect(await http.getNonce()).toBe('nonce-1'); // none kept yet: HEAD
    await http.request('https://ca/order', 'post');
    expect(await http.getNonce()).toBe('nonce-2');
    expect(calls.filter((c) => c.startsWith('head'))).toHaveLength(1);
  });

  test('each nonce is handed out once, newest first', async () => {
    const { http } = fakeHttp();
    reuseNonces(http);
    await http.request('https://ca/a', 'post');
    await http.request('https://ca/b', 'post');
    expect([await http.getNonce(), await http.getNonce()]).toEqual(['nonce-2', 'nonce-1']);
    expect(await http.getNonce()).toBe('nonce-3'); // fetched
  });

  test("a HEAD's nonce and a badNonce answer's nonce are not kept (their requester uses them)", async () => {
    const { http } = fakeHttp(['https://ca/bad']);
    reuseNonces(http);
    await http.getNonce();
    await http.request('https://ca/bad', 'post');
    expect(await http.getNonce()).toBe('nonce-3');
  });

  test('at most 32 are kept, the oldest dropped', async () => {
    const { http } = fakeHttp();
    reuseNonces(http);
    for (let i = 0; i < 40; i++) await http.request('https://ca/x', 'post');
    const handed = [];
    for (let i = 0; i < 32; i++) handed.push(await http.getNonce());
    expect(handed[0]).toBe('nonce-40');
    expect(handed[31]).toBe('nonce-9');
    expect(await http.getNonce()).toBe('nonce-41');
  });
});
