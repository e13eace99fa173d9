import { toArgs } from './subaccount-rest-service';
import type { AccountRecord } from '../stores/account-record';

const account = { domain: 'example.com' } as AccountRecord;

describe('REST bodies as UserManager arguments', () => {
  test.each([
    ['plain fields; the account domain by default', { username: 'bob', password: 'secret123' }, { domain: 'example.com', username: 'bob', password: 'secret123' }],
    ['booleans as 1/0, numbers as text, null as empty', { a: true, b: false, c: 5, d: null }, { domain: 'example.com', a: '1', b: '0', c: '5', d: '' }],
    ['nested services flattened', { services: { email: { enabled: true, quota: 100 } } }, { domain: 'example.com', 'services.email.enabled': '1', 'services.email.quota': '100' }],
    ['a domain in the body wins', { domain: 'other.example' }, { domain: 'other.example' }],
  ])('%s', (_name, body, expected) => {
    expect(toArgs(body, account)).toEqual(expected);
  });

  test.each([
    ['an object value', { a: { b: 1 } }, 'a'],
    ['a list value', { a: [1] }, 'a'],
    ['a service that is not an object', { services: { email: true } }, 'services.email'],
    ['a non-finite number', { a: Number.NaN }, 'a'],
  ])('%s is refused, naming the field', (_name, body, field) => {
    expect(() => toArgs(body, account)).toThrow(expect.objectContaining({ code: 'validation_failed', details: [expect.objectContaining({ field })] }));
  });
});
