import { parseAgentConfig } from '../config';

const base = { socketPath: '/run/x.sock', socketGroup: 'hearth', tokenFile: '/etc/t', stateDir: '/var/lib/x', homeRoot: '/home' };
const mail = {
  enabled: true, vmailboxFile: '/etc/postfix/vmailbox', vdomainsFile: '/etc/postfix/vdomains', suspendedMapFile: '/etc/postfix/hearth-suspended',
  dovecotUsersFile: '/etc/dovecot/users', dovecotSuspendedFile: '/etc/dovecot/hearth-suspended-domains', dovecotGroup: 'dovecot',
  maildirRoot: '/var/mail/vdomains', vmailUser: 'vmail', postfixPath: '/usr/sbin/postfix', postfixConfigDir: '/etc/postfix',
};

describe('mail config section', () => {
  it('needs no postmap: the maps are texthash:', () => {
    expect(parseAgentConfig({ ...base, mail }).mail).toMatchObject({ enabled: true, vmailboxFile: '/etc/postfix/vmailbox' });
  });

  it("still loads an earlier version's agent.json that names postmap", () => {
    expect(parseAgentConfig({ ...base, mail: { ...mail, postmapPath: '/usr/sbin/postmap' } }).mail.enabled).toBe(true);
  });

  it.each([[{ postfixPath: 'postfix' }], [{ vmailboxFile: '/etc/postfix/vmailbox;x' }], [{ unknown: 1 }]])('refuses %j', (change) => {
    expect(() => parseAgentConfig({ ...base, mail: { ...mail, ...change } })).toThrow(/invalid/);
  });
});
