import { parseAgentConfig } from '../config';
import { dnsSettings } from './dns-config';

const base = { socketPath: '/tmp/a.sock', socketGroup: 'hearth', tokenFile: '/tmp/t', stateDir: '/tmp/s', homeRoot: '/home' };

test('a partial section is completed with the defaults', () => {
  const config = parseAgentConfig({ ...base, dns: { db: { password: 'x' }, serverIpv4: '198.51.100.1' } });
  const s = dnsSettings(config);
  expect(s).toMatchObject({ enabled: true, serverIpv4: '198.51.100.1', defaultTtl: 3600 });
  expect(s.db).toMatchObject({ socketPath: '/run/mysqld/mysqld.sock', user: 'pdns', password: 'x', database: 'pdns' });
});

test('in test mode a missing section disables DNS', () => {
  expect(dnsSettings(parseAgentConfig({ ...base, testMode: true })).enabled).toBe(false);
});

test.each([
  [{ primaryNameserver: 'ns1.example.net; rm' }],
  [{ hostmaster: 'Host Master' }],
  [{ serverIpv4: '300.1.1.1' }],
  [{ serverIpv6: 'nope' }],
  [{ nameservers: [] }],
  [{ db: { database: 'pdns`; drop' } }],
  [{ defaultTtl: 5 }],
  [{ unknown: true }],
])('refuses %j', (dns) => {
  expect(() => parseAgentConfig({ ...base, dns })).toThrow(/dns/);
});
