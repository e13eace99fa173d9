import { defaultZoneRows } from './default-zone';
import { dnsSettingsDefaults } from './dns-config';

const settings = { ...dnsSettingsDefaults, serverIpv4: '203.0.113.5', nameservers: ['ns1.host.net', 'ns2.host.net'], primaryNameserver: 'ns1.host.net', hostmaster: 'admin.host.net' };
const now = new Date('2025-01-02T10:00:00Z');

test('the default zone has SOA, NS, A for apex/www/mail, MX 10 mail and SPF, TTL 3600', () => {
  const rows = defaultZoneRows('shop.org', settings, now).map((r) => `${r.name} ${r.ttl} ${r.type} ${r.prio ?? '-'} ${r.content}`);
  expect(rows).toEqual([
    'shop.org 3600 SOA - ns1.host.net admin.host.net 2025010201 10800 3600 604800 3600',
    'shop.org 3600 NS - ns1.host.net',
    'shop.org 3600 NS - ns2.host.net',
    'shop.org 3600 A - 203.0.113.5',
    'www.shop.org 3600 A - 203.0.113.5',
    'mail.shop.org 3600 A - 203.0.113.5',
    'shop.org 3600 MX 10 mail.shop.org',
    'shop.org 3600 TXT - "v=spf1 a mx ~all"',
  ]);
});

test('AAAA records join when an IPv6 is configured', () => {
  const rows = defaultZoneRows('shop.org', { ...settings, serverIpv6: '2001:db8::5' }, now).filter((r) => r.type === 'AAAA');
  expect(rows.map((r) => r.name)).toEqual(['shop.org', 'www.shop.org', 'mail.shop.org']);
});
