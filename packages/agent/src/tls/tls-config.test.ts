import { parseAgentConfig } from '../config';
import { LETS_ENCRYPT_PRODUCTION, tlsSettings } from './tls-config';

const base = { socketPath: '/run/x.sock', socketGroup: 'hearth', tokenFile: '/etc/t', stateDir: '/var/lib/h', homeRoot: '/home' };

describe('tls config section', () => {
  it("defaults to Let's Encrypt production, 30 days, HTTPS on 443 with redirect", () => {
    const s = tlsSettings(parseAgentConfig(base));
    expect(s).toMatchObject({ enabled: true, autoIssue: true, directoryUrl: LETS_ENCRYPT_PRODUCTION, renewBeforeDays: 30, liveRoot: '/etc/letsencrypt/live' });
    expect(s.https).toEqual({ listen: ['443', '[::]:443'], redirect: true });
  });

  it('is disabled in test mode without a section (a test agent never calls a public CA)', () => {
    expect(tlsSettings(parseAgentConfig({ ...base, testMode: true })).enabled).toBe(false);
  });

  it('merges nested sections over the defaults', () => {
    const s = tlsSettings(parseAgentConfig({ ...base, tls: { retry: { maxMs: 60000 }, https: { redirect: false }, directoryUrl: '' } }));
    expect(s.retry).toEqual({ initialMs: 300000, factor: 2, maxMs: 60000 });
    expect(s.https).toEqual({ listen: ['443', '[::]:443'], redirect: false });
    expect(s.directoryUrl).toBe('');
  });

  it.each([
    { directoryUrl: 'http://acme.example/dir' },
    { directoryUrl: 'https://x/dir"; evil' },
    { liveRoot: 'relative/path' },
    { https: { listen: ['443 ssl'] } },
    { renewBeforeDays: 0 },
    { unknownKey: true },
  ])('refuses %j', (tls) => {
    expect(() => parseAgentConfig({ ...base, tls })).toThrow();
  });
});
