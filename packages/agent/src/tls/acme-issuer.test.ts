import type * as AcmeClient from 'acme-client';
import { serialOrders } from './acme-issuer';

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

describe('serialOrders', () => {
  test('new-orders from concurrent issues go one at a time, in order, and a refusal does not block the next', async () => {
    const Serial = serialOrders(CountingClient as unknown as typeof AcmeClient.Client);
    const client = new Serial({ directoryUrl: 'https://127.0.0.1/dir', accountKey: Buffer.from('') });
    const names = ['a.test', 'refused.test', 'b.test', 'c.test', 'd.test'];
    const results = await Promise.allSettled(names.map((value) => client.createOrder({ identifiers: [{ type: 'dns', value }] })));
    expect(CountingClient.most).toBe(1);
    expect(CountingClient.calls).toEqual(names);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[4] as PromiseFulfilledResult<AcmeClient.Order>).value.url).toBe('order/d.test');
  });
});
