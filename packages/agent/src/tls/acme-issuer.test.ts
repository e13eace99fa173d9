import type * as AcmeClient from 'acme-client';
import { hearthAcmeClient } from './acme-issuer';

/** A stand-in for acme-client's Client that only records how many new-orders overlap. */
class CountingClient {
  static inFlight = 0;
  static most = 0;
  static calls: string[] = [];
  async createOrder(data: { identifiers: { value: string }[] }): Promise<{ url: string }> {
    CountingClient.inFlight++;
    CountingClient.most = Math.max(CountingClient.most, CountingClient.inFlight);
    await new Promise((r) => setTimeout(r, 5));
    CountingClient.inFlight--;
    const name = data.identifiers[0].value;
    CountingClient.calls.push(name);
    if (name === 'refused.test') throw new Error('rejectedIdentifier');
    return { url: `order/${name}` };
  }
}

describe('hearthAcmeClient', () => {
  test('new-orders from concurrent issues go one at a time, in order, and a refusal does not block the next', async () => {
    const Serial = hearthAcmeClient(CountingClient as unknown as typeof AcmeClient.Client);
    const client = new Serial({ directoryUrl: 'https://127.0.0.1/dir', accountKey: Buffer.from('') });
    const names = ['a.test', 'refused.test', 'b.test', 'c.test', 'd.test'];
    const results = await Promise.allSettled(names.map((value) => client.createOrder({ identifiers: [{ type: 'dns', value }] })));
    expect(CountingClient.most).toBe(1);
    expect(CountingClient.calls).toEqual(names);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[4] as PromiseFulfilledResult<AcmeClient.Order>).value.url).toBe('order/d.test');
  });
});

describe('hearthAcmeClient over the real acme-client', () => {
  test('signs with the account key parsed once, and the signature verifies against the JWK it sends', async () => {
    const acme = await import('acme-client');
    const { createPublicKey, createVerify, KeyObject } = await import('node:crypto');
    const Client = hearthAcmeClient(acme.Client);
    const pem = await acme.crypto.createPrivateEcdsaKey('P-256');
    const http = (new Client({ directoryUrl: 'https://127.0.0.1/dir', accountKey: pem }) as unknown as { http: { accountKey: unknown; createSignedBody(url: string, payload: object, opts: object): { protected: string; payload: string; signature: string } } }).http;
    expect(http.accountKey).toBeInstanceOf(KeyObject);
    const body = http.createSignedBody('https://127.0.0.1/acme/new-order', { identifiers: [] }, { nonce: 'n1', kid: 'https://127.0.0.1/acme/acct/1' });
    const header = JSON.parse(Buffer.from(body.protected, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', nonce: 'n1', kid: 'https://127.0.0.1/acme/acct/1' });
    const key = createPublicKey(pem);
    const ok = createVerify('SHA256').update(`${body.protected}.${body.payload}`).verify({ key, dsaEncoding: 'ieee-p1363' }, Buffer.from(body.signature, 'base64url'));
    expect(ok).toBe(true);
  });
});
