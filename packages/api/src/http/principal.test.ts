import { ForbiddenError } from '@hearth/shared';
import { canSee, ownerScope, Principal, resellerTokenScopes, ROLE_SCOPES } from './principal';
import { tokenPrincipal } from './auth';

const person = (role: Principal['role'], id: number, resellerOf: number | null = null): Principal => ({
  kind: 'session', role, personId: id, label: `p${id}`, scopes: ROLE_SCOPES[role],
  resellerId: role === 'RESALE' ? id : null, customerId: role === 'CUSTOMER' ? id : null,
  scopeResellerId: role === 'RESALE' ? id : resellerOf,
});

describe('ownership', () => {
  const ofA = { customerId: 10, resellerId: 1 };
  const ofB = { customerId: 20, resellerId: 2 };
  const unowned = { customerId: null, resellerId: null };

  test.each([
    ['ADMIN', person('ADMIN', 100), [true, true, true]],
    ['MASTER', person('MASTER', 101), [true, true, true]],
    ['reseller A', person('RESALE', 1), [true, false, false]],
    ['customer 10 of A', person('CUSTOMER', 10, 1), [true, false, false]],
    ['customer 11 of A', person('CUSTOMER', 11, 1), [false, false, false]],
  ] as const)('%s sees [A, B, unowned] = %j', (_n, p, expected) => {
    const scope = ownerScope(p);
    expect([canSee(scope, ofA), canSee(scope, ofB), canSee(scope, unowned)]).toEqual(expected);
  });

  test('a customer principal is a customer scope even if a reseller id were set', () => {
    expect(ownerScope({ ...person('CUSTOMER', 10, 1), resellerId: 1 })).toEqual({ kind: 'customer', customerId: 10 });
  });

  test('a RESALE principal without an id is refused, never widened', () => {
    expect(() => ownerScope({ ...person('RESALE', 1), resellerId: null })).toThrow(ForbiddenError);
  });
});

describe('tokens', () => {
  test('an unbound token is ADMIN with exactly its scopes', () => {
    const p = tokenPrincipal({ kind: 'token', tokenId: 1, name: 'billing', scopes: ['account.create'], resellerId: null });
    expect(p).toMatchObject({ role: 'ADMIN', resellerId: null, scopes: ['account.create'] });
    expect(ownerScope(p)).toEqual({ kind: 'all' });
  });

  test('a reseller-bound token is RESALE and "*" shrinks to what a reseller may do', () => {
    const p = tokenPrincipal({ kind: 'token', tokenId: 2, name: 'billing-a', scopes: ['*'], resellerId: 7 });
    expect(p).toMatchObject({ role: 'RESALE', resellerId: 7, scopeResellerId: 7 });
    expect(p.scopes).not.toContain('*');
    expect(p.scopes).toEqual(ROLE_SCOPES.RESALE);
    expect(ownerScope(p)).toEqual({ kind: 'reseller', resellerId: 7 });
    expect(resellerTokenScopes(['account.create', 'bogus'])).toEqual(['account.create']);
  });
});
