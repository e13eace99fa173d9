import { ValidationError } from '../errors';
import { normaliseRecord } from './record-validation';

const ZONE = 'example.com';
const ok = (raw: Record<string, unknown>) => normaliseRecord(ZONE, raw);
function problems(raw: unknown): Record<string, string> {
  try {
    normaliseRecord(ZONE, raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return Object.fromEntries((e as ValidationError).details.map((d) => [d.field, d.message]));
  }
  throw new Error('expected a ValidationError');
}

describe('normaliseRecord: accepted records in canonical form', () => {
  test.each([
    [{ name: 'WWW.Example.COM.', type: 'A', content: '192.0.2.1' }, { name: 'www.example.com', content: '192.0.2.1', ttl: 3600, priority: null }],
    [{ name: '@', type: 'AAAA', content: '2001:DB8:0:0::1', ttl: 60 }, { name: 'example.com', content: '2001:db8::1', ttl: 60 }],
    [{ name: 'blog.example.com', type: 'CNAME', content: 'Host.Example.net.' }, { content: 'host.example.net' }],
    [{ name: 'example.com', type: 'MX', content: 'mx1.example.net', priority: 0 }, { priority: 0, content: 'mx1.example.net' }],
    [{ name: '_dmarc.example.com', type: 'TXT', content: 'v=DMARC1; p=none; "quoted"' }, { content: 'v=DMARC1; p=none; "quoted"' }],
    [{ name: 'sub.example.com', type: 'NS', content: 'ns.other.org' }, { content: 'ns.other.org' }],
    [{ name: '_sip._tcp.example.com', type: 'SRV', content: '5  5060 sip.example.com.', priority: 10, ttl: 86400 }, { content: '5 5060 sip.example.com', priority: 10 }],
    [{ name: 'example.com', type: 'CAA', content: '0 ISSUE "letsencrypt.org"' }, { content: '0 issue "letsencrypt.org"' }],
    [{ name: '*.example.com', type: 'A', content: '198.51.100.7' }, { name: '*.example.com' }],
    [{ name: 'bücher.example.com', type: 'A', content: '192.0.2.1' }, { name: 'xn--bcher-kva.example.com' }],
  ])('%j', (raw, expected) => {
    expect(ok(raw)).toMatchObject(expected);
  });
});

describe('normaliseRecord: refused records name the bad field', () => {
  test.each([
    ['bad IPv4', { name: '@', type: 'A', content: '300.1.1.1' }, 'content'],
    ['IPv4 with leading zero', { name: '@', type: 'A', content: '010.1.1.1' }, 'content'],
    ['IPv6 in an A record', { name: '@', type: 'A', content: '::1' }, 'content'],
    ['bad IPv6', { name: '@', type: 'AAAA', content: '2001:db8::g' }, 'content'],
    ['CNAME at the apex', { name: 'example.com', type: 'CNAME', content: 'other.org' }, 'name'],
    ['CNAME at @', { name: '@', type: 'CNAME', content: 'other.org' }, 'name'],
    ['MX without priority', { name: '@', type: 'MX', content: 'mail.example.com' }, 'priority'],
    ['SRV without priority', { name: '_x._tcp.example.com', type: 'SRV', content: '1 2 t.example.com' }, 'priority'],
    ['priority on an A', { name: '@', type: 'A', content: '192.0.2.1', priority: 5 }, 'priority'],
    ['priority over 65535', { name: '@', type: 'MX', content: 'mail.example.com', priority: 70000 }, 'priority'],
    ['name outside the zone', { name: 'www.other.org', type: 'A', content: '192.0.2.1' }, 'name'],
    ['name that only ends like the zone', { name: 'badexample.com', type: 'A', content: '192.0.2.1' }, 'name'],
    ['TTL 10', { name: '@', type: 'A', content: '192.0.2.1', ttl: 10 }, 'ttl'],
    ['TTL too large', { name: '@', type: 'A', content: '192.0.2.1', ttl: 86401 }, 'ttl'],
    ['TTL as string', { name: '@', type: 'A', content: '192.0.2.1', ttl: '3600' }, 'ttl'],
    ['TTL fraction', { name: '@', type: 'A', content: '192.0.2.1', ttl: 60.5 }, 'ttl'],
    ['SOA type', { name: '@', type: 'SOA', content: 'x' }, 'type'],
    ['lowercase type', { name: '@', type: 'a', content: '192.0.2.1' }, 'type'],
    ['apex NS', { name: '@', type: 'NS', content: 'ns9.example.net' }, 'name'],
    ['newline in name', { name: 'a\nb.example.com', type: 'A', content: '192.0.2.1' }, 'name'],
    ['tab in name (domainToASCII would drop it)', { name: 'a\tb.example.com', type: 'A', content: '192.0.2.1' }, 'name'],
    ['leading space in name', { name: ' www.example.com', type: 'A', content: '192.0.2.1' }, 'name'],
    ['semicolon in name', { name: 'a;b.example.com', type: 'A', content: '192.0.2.1' }, 'name'],
    ['wildcard in the middle', { name: 'a.*.example.com', type: 'A', content: '192.0.2.1' }, 'name'],
    ['over-long label', { name: `${'a'.repeat(64)}.example.com`, type: 'A', content: '192.0.2.1' }, 'name'],
    ['CNAME to an IP', { name: 'x.example.com', type: 'CNAME', content: '192.0.2.1' }, 'content'],
    ['MX with spaces', { name: '@', type: 'MX', content: 'mail example.com', priority: 10 }, 'content'],
    ['NS with a single label', { name: 'sub.example.com', type: 'NS', content: 'localhost' }, 'content'],
    ['TXT with a newline', { name: '@', type: 'TXT', content: 'a\nb' }, 'content'],
    ['TXT with NUL', { name: '@', type: 'TXT', content: 'a\u0000b' }, 'content'],
    ['TXT empty', { name: '@', type: 'TXT', content: '' }, 'content'],
    ['TXT too long', { name: '@', type: 'TXT', content: 'x'.repeat(4001) }, 'content'],
    ['SRV missing port', { name: '_x._tcp.example.com', type: 'SRV', content: '1 t.example.com', priority: 1 }, 'content'],
    ['SRV port too big', { name: '_x._tcp.example.com', type: 'SRV', content: '1 70000 t.example.com', priority: 1 }, 'content'],
    ['CAA unknown tag', { name: '@', type: 'CAA', content: '0 foo "x"' }, 'content'],
    ['CAA quote in value', { name: '@', type: 'CAA', content: '0 issue "a"b"' }, 'content'],
    ['CAA flags too large', { name: '@', type: 'CAA', content: '256 issue "ca.org"' }, 'content'],
    ['content not a string', { name: '@', type: 'A', content: 1 }, 'content'],
    ['unknown field', { name: '@', type: 'A', content: '192.0.2.1', disabled: true }, 'disabled'],
  ])('%s', (_label, raw, field) => {
    expect(Object.keys(problems(raw))).toContain(field);
  });

  test('a __proto__ key is an unknown field, never assigned', () => {
    const raw = JSON.parse('{"name":"@","type":"A","content":"192.0.2.1","__proto__":{"admin":true}}');
    expect(problems(raw)).toHaveProperty('__proto__');
  });

  test('non-objects are refused', () => {
    expect(() => normaliseRecord(ZONE, [])).toThrow(ValidationError);
    expect(() => normaliseRecord(ZONE, 'A 1.2.3.4')).toThrow(ValidationError);
    expect(() => normaliseRecord(ZONE, null)).toThrow(ValidationError);
  });
});
