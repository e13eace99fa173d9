import { ForbiddenError } from '@hearth/shared';
import type { Principal } from './principal';
import { requireServiceScopes, servicesNamedIn } from './service-scopes';

const token = (...scopes: string[]): Principal => ({ kind: 'token', role: 'ADMIN', personId: null, resellerId: null, customerId: null, scopes, scopeResellerId: null, label: 't' });

describe('per-service scopes', () => {
  test('services are read from UserManager arguments and the service-account type', () => {
    expect([...servicesNamedIn({ 'services.ftp.enabled': '1', 'services.email.quota': '5', username: 'x' })].sort()).toEqual(['email', 'ftp']);
    expect([...servicesNamedIn({ type: 'webdisk', username: 'x' })]).toEqual(['webdisk']);
    expect([...servicesNamedIn({ type: 'bogus' })]).toEqual([]);
  });

  test('mail.manage alone reaches email only', () => {
    expect(() => requireServiceScopes(token('mail.manage'), ['email'])).not.toThrow();
    expect(() => requireServiceScopes(token('mail.manage'), ['email', 'ftp'])).toThrow(ForbiddenError);
    expect(() => requireServiceScopes(token('mail.manage'), ['webdisk'])).toThrow(/webdisk\.manage/);
    expect(() => requireServiceScopes(token('mail.manage'), ['unknown'])).toThrow(ForbiddenError);
  });

  test('a bare identity needs any one subaccount scope; "*" holds every scope', () => {
    expect(() => requireServiceScopes(token('ftp.manage'), [])).not.toThrow();
    expect(() => requireServiceScopes(token('dns.manage'), [])).toThrow(ForbiddenError);
    expect(() => requireServiceScopes(token('*'), ['email', 'ftp', 'webdisk'])).not.toThrow();
  });
});
