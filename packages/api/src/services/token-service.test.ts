import { createLogger } from '@hearth/shared';
import type { KnexTokenStore, TokenRecord } from '../stores/knex-token-store';
import { ChangeWatch } from './change-watch';
import { hashToken, TokenService } from './token-service';

const log = createLogger('test', 'silent');
const TOKEN = `hth_${'a'.repeat(43)}`;

/** One active token until `revoke`; counts the lookups that reached the "database". */
function store() {
  let revoked = false;
  const s = {
    lookups: 0,
    async findActiveByHash(h: string): Promise<TokenRecord | undefined> {
      s.lookups++;
      return h === hashToken(TOKEN) && !revoked ? { id: 7, name: 'billing', scopes: ['*'], reseller_id: null } as unknown as TokenRecord : undefined;
    },
    async revoke(): Promise<boolean> {
      revoked = true;
      return true;
    },
  };
  return s;
}

describe('TokenService.remembered (the promise-free path of every API request)', () => {
  test('nothing is remembered before a lookup, nor without a revocation signal', async () => {
    const s = store();
    const revocations = new ChangeWatch({ changeMark: async () => '1' }, 1000, 'API tokens', log);
    revocations.start();
    await new Promise((r) => setTimeout(r, 5));
    const cached = new TokenService(s as unknown as KnexTokenStore, { ttlMs: 5000, revocations });
    expect(cached.remembered(TOKEN)).toBeUndefined();
    await cached.authenticate(TOKEN);
    expect(cached.remembered(TOKEN)).toMatchObject({ tokenId: 7, name: 'billing' });
    expect(cached.remembered(`hth_${'b'.repeat(43)}`)).toBeUndefined();
    expect(cached.remembered('not-a-token')).toBeUndefined();

    const uncached = new TokenService(s as unknown as KnexTokenStore);
    await uncached.authenticate(TOKEN);
    expect(uncached.remembered(TOKEN)).toBeUndefined();
    revocations.stop();
  });

  test('a revocation here forgets at once; a stale signal stops trusting memory', async () => {
    const s = store();
    const revocations = new ChangeWatch({ changeMark: async () => '1' }, 1000, 'API tokens', log);
    revocations.start();
    await new Promise((r) => setTimeout(r, 5));
    const tokens = new TokenService(s as unknown as KnexTokenStore, { ttlMs: 5000, revocations });
    await tokens.authenticate(TOKEN);
    expect(tokens.remembered(TOKEN)).toBeDefined();
    await tokens.revoke(7);
    expect(tokens.remembered(TOKEN)).toBeUndefined();
    await expect(tokens.authenticate(TOKEN)).rejects.toThrow(/revoked/);

    const other = store();
    const again = new TokenService(other as unknown as KnexTokenStore, { ttlMs: 5000, revocations });
    await again.authenticate(TOKEN);
    expect(again.remembered(TOKEN)).toBeDefined();
    revocations.stop(); // the signal is no longer current: memory is not trusted
    expect(again.remembered(TOKEN)).toBeUndefined();
  });
});
