import { Inventory, ServiceAccount, listUsers, remainingUnder, subRecord } from './user-records';

const HASH = '$6$salt$' + 'a'.repeat(86);
const OTHER = '$6$salt$' + 'b'.repeat(86);

function svc(type: ServiceAccount['type'], username: string, hash = HASH): ServiceAccount {
  return { type, username, domain: 'example.com', hash, quota: 0, homedir: type === 'email' ? null : `public_html/${username}`, perms: type === 'webdisk' ? 'rw' : null, private: false };
}

function inv(services: ServiceAccount[], subs: { username: string; services: ServiceAccount['type'][] }[] = [], dismissed: string[] = []): Inventory {
  return {
    owner: 'alice', ownerDomain: 'example.com', services,
    identities: {
      subaccounts: subs.map((s) => ({ guid: `G-${s.username}`, username: s.username, domain: 'example.com', services: s.services, alternate_email: null, real_name: null, phone_number: null, avatar_url: null, created: 0 })),
      dismissed,
    },
  };
}

describe('UserManager records', () => {
  test('the hosting account comes first, as a special cpanel record', () => {
    const [owner] = listUsers(inv([]), false);
    expect(owner).toMatchObject({ type: 'cpanel', username: 'alice', full_username: 'alice', special: 1, can_delete: 0 });
  });

  test('two unlinked service accounts with one name form a hypothetical subaccount that nests them', () => {
    const list = listUsers(inv([svc('email', 'bob'), svc('ftp', 'bob')]), false);
    expect(list.map((r) => r.type)).toEqual(['cpanel', 'hypothetical']);
    expect(list[1]).toMatchObject({ guid: null, can_delete: 0, services: { email: { enabled: 1 }, ftp: { enabled: 1 }, webdisk: { enabled: 0 } } });
    expect(list[1].merge_candidates.map((c) => [c.type, c.parent_type, c.has_siblings, c.sub_account_exists])).toEqual([
      ['service', 'hypothetical', 1, 0], ['service', 'hypothetical', 1, 0],
    ]);
  });

  test('flat=1 lists the candidates on their own and nests nothing', () => {
    const list = listUsers(inv([svc('email', 'bob'), svc('ftp', 'bob')]), true);
    expect(list.map((r) => r.type)).toEqual(['cpanel', 'hypothetical', 'service', 'service']);
    expect(list.every((r) => r.merge_candidates.length === 0)).toBe(true);
  });

  test('a lone service account is listed alone; a dismissed one breaks up the hypothetical', () => {
    expect(listUsers(inv([svc('ftp', 'solo')]), false).map((r) => [r.type, r.parent_type])).toEqual([['cpanel', null], ['service', null]]);
    const list = listUsers(inv([svc('email', 'bob'), svc('ftp', 'bob')], [], ['ftp:bob@example.com']), false);
    expect(list.map((r) => [r.type, r.dismissed])).toEqual([['cpanel', 0], ['service', 0], ['service', 1]]);
  });

  test('a subaccount hides its linked service accounts and offers the unlinked ones as merge candidates', () => {
    const i = inv([svc('email', 'bob'), svc('ftp', 'bob', OTHER), svc('webdisk', 'bob')], [{ username: 'bob', services: ['email', 'webdisk'] }], ['webdisk:x@example.com']);
    const list = listUsers(i, false);
    expect(list.map((r) => r.type)).toEqual(['cpanel', 'sub']);
    expect(list[1]).toMatchObject({ guid: 'G-bob', synced_password: 1, services: { email: { enabled: 1 }, ftp: { enabled: 0 }, webdisk: { enabled: 1 } } });
    expect(list[1].merge_candidates.map((c) => [c.parent_type, c.sub_account_exists, c.services.ftp.enabled])).toEqual([['sub', 1, 1]]);
  });

  test('synced_password is 0 when the linked passwords differ', () => {
    const i = inv([svc('email', 'bob'), svc('ftp', 'bob', OTHER)], [{ username: 'bob', services: ['email', 'ftp'] }]);
    expect(subRecord(i, i.identities.subaccounts[0]).synced_password).toBe(0);
  });

  test('delete_user answers: null, the one service account, or a hypothetical subaccount', () => {
    expect(remainingUnder(inv([]), 'bob@example.com')).toBeNull();
    expect(remainingUnder(inv([svc('ftp', 'bob')]), 'bob@example.com')).toMatchObject({ type: 'service', services: { ftp: { enabled: 1 } } });
    const h = remainingUnder(inv([svc('ftp', 'bob'), svc('webdisk', 'bob')]), 'bob@example.com');
    expect(h).toMatchObject({ type: 'hypothetical' });
    expect(h!.merge_candidates).toHaveLength(2);
  });
});
