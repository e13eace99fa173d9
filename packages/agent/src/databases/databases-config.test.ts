import { parseAgentConfig } from '../config';
import { databasesSettings } from './databases-config';

const base = { socketPath: '/run/x.sock', socketGroup: 'hearth', tokenFile: '/etc/t', stateDir: '/var/lib/x', homeRoot: '/home' };

describe('databases config section', () => {
  it('defaults to root over the system unix socket in production', () => {
    const s = databasesSettings(parseAgentConfig(base));
    expect(s).toMatchObject({ enabled: true, socketPath: '/run/mysqld/mysqld.sock', adminUser: 'root', adminPasswordFile: '', clientHosts: ['localhost'] });
  });

  it('is disabled in test mode unless a section is given, so tests never reach the system MariaDB', () => {
    expect(databasesSettings(parseAgentConfig({ ...base, testMode: true })).enabled).toBe(false);
    const s = databasesSettings(parseAgentConfig({ ...base, testMode: true, databases: { socketPath: '/tmp/x/mysqld.sock' } }));
    expect(s).toMatchObject({ enabled: true, socketPath: '/tmp/x/mysqld.sock', clientHosts: ['localhost'] });
  });

  it.each([
    [{ clientHosts: ['%'] }], [{ clientHosts: ['10.0.0.1'] }], [{ clientHosts: [] }], [{ host: '10.0.0.5' }],
    [{ socketPath: 'relative.sock' }], [{ adminUser: "root'--" }], [{ unknown: 1 }],
  ])('refuses %j', (section) => {
    expect(() => parseAgentConfig({ ...base, databases: section })).toThrow(/invalid/);
  });
});
