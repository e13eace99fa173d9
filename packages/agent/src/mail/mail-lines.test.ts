import { mailLocalPartProblem } from '@hearth/shared';
import {
  dovecotSuspendedLine, dovecotUserLine, keyBelongsToDomain, lineKey, maildirOf, parseDovecotUserLine,
  suspendedMapLine, vdomainsLine, vmailboxLine,
} from './mail-lines';
import { dovecotPasswordHash } from './sha512-crypt';

const HASH = dovecotPasswordHash('a long password');

describe('local part grammar', () => {
  it.each(['alice', 'a', 'first.last', 'first-last', 'a_b', 'sales+eu', 'x1', '0day'])('accepts %s', (v) => {
    expect(mailLocalPartProblem(v)).toBeNull();
  });
  it.each([
    '', 'Alice', '.alice', 'alice.', '-a', 'a-', '+a', 'a+', 'a..b', 'a b', 'a:b', 'a@b', 'a/b', '../x',
    'a\nb', 'a\rb', 'a\0b', 'ａlice', 'x'.repeat(65), 'a"b', "a'b", 'a;b', 'a*b',
  ])('refuses %j', (v) => {
    expect(mailLocalPartProblem(v)).not.toBeNull();
  });
  it('accepts exactly 64 characters', () => {
    expect(mailLocalPartProblem('x'.repeat(64))).toBeNull();
  });
});

describe('line renderers', () => {
  it('renders the Postfix maps', () => {
    expect(vdomainsLine('example.com')).toBe('example.com OK');
    expect(vmailboxLine('alice', 'example.com')).toBe('alice@example.com example.com/alice/');
    expect(suspendedMapLine('example.com')).toBe('example.com 450 4.2.1 Mailbox temporarily unavailable');
    expect(dovecotSuspendedLine('example.com')).toBe('example.com:');
  });

  it('renders and parses a Dovecot user line', () => {
    const entry = { address: 'alice@example.com', local: 'alice', domain: 'example.com', passwordHash: HASH, quotaMb: 250 };
    const line = dovecotUserLine(entry, 5000, 5000, '/var/mail/vdomains');
    expect(line).toBe(`alice@example.com:${HASH}:5000:5000::/var/mail/vdomains/example.com/alice::userdb_quota_rule=*:storage=250M`);
    expect(parseDovecotUserLine(line)).toEqual(entry);
    expect(parseDovecotUserLine(dovecotUserLine({ ...entry, quotaMb: 0 }, 5000, 5000, '/m'))).toEqual({ ...entry, quotaMb: 0 });
  });

  it.each([
    ['example.com\nevil.com', 'alice'], ['example.com OK', 'alice'], ['Example.com', 'alice'], ['example.com.', 'alice'],
    ['../etc', 'alice'], ['example.com', 'al:ice'], ['example.com', 'a\nb'], ['example.com', '..'],
  ])('refuses domain %j / local part %j in every renderer', (domain, local) => {
    expect(() => vmailboxLine(local, domain)).toThrow();
    expect(() => maildirOf('/var/mail/vdomains', local, domain)).toThrow();
    expect(() => dovecotUserLine({ address: '', local, domain, passwordHash: HASH, quotaMb: 0 }, 5000, 5000, '/m')).toThrow();
  });

  it('refuses anything but a SHA512-CRYPT hash in the users file', () => {
    const entry = { address: 'a@example.com', local: 'a', domain: 'example.com', quotaMb: 0 };
    for (const passwordHash of ['{PLAIN}secret', 'secret', `${HASH}:0:0`, `${HASH}\nx@example.com:{PLAIN}x`]) {
      expect(() => dovecotUserLine({ ...entry, passwordHash }, 5000, 5000, '/m')).toThrow();
    }
  });

  it('refuses a bad quota and a root uid', () => {
    const entry = { address: 'a@example.com', local: 'a', domain: 'example.com', passwordHash: HASH, quotaMb: 0 };
    expect(() => dovecotUserLine({ ...entry, quotaMb: -1 }, 5000, 5000, '/m')).toThrow();
    expect(() => dovecotUserLine({ ...entry, quotaMb: 1.5 }, 5000, 5000, '/m')).toThrow();
    expect(() => dovecotUserLine(entry, 0, 0, '/m')).toThrow();
  });

  it('matches keys of a domain without touching its neighbours', () => {
    expect(lineKey('a@example.com example.com/a/')).toBe('a@example.com');
    expect(lineKey('a@example.com:{SHA512-CRYPT}x:1:1::/m::')).toBe('a@example.com');
    expect(keyBelongsToDomain('example.com', 'example.com')).toBe(true);
    expect(keyBelongsToDomain('a@example.com', 'example.com')).toBe(true);
    expect(keyBelongsToDomain('a@notexample.com', 'example.com')).toBe(false);
    expect(keyBelongsToDomain('a@sub.example.com', 'example.com')).toBe(false);
    expect(keyBelongsToDomain('example.com.au', 'example.com')).toBe(false);
  });
});
