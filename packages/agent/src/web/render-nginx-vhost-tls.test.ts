import { renderNginxVhost, renderSuspendedVhost } from './render-nginx-vhost';
import { HTTPS_REDIRECT, renderHttpsEntry } from './render-nginx-https-entry';

const base = {
  owner: 'alice', domain: 'alice.example.com', home: '/home/alice', logDir: '/var/log/hearth/web/alice', listen: ['80'],
  socket: '/run/php/hearth-alice.sock', acmeChallengeDir: '/var/lib/hearth-web/acme-challenge',
};
const tls = { listen: ['443', '[::]:443'], redirect: false };
const servers = (out: string) => out.split('server {').slice(1);

describe('the TLS part of a vhost', () => {
  it('is absent without a certificate (the file is exactly the plain site)', () => {
    expect(renderNginxVhost({ ...base, tls: null })).toBe(renderNginxVhost(base));
    expect(renderNginxVhost(base)).not.toContain('ssl');
  });

  it('makes the one server of the site listen for HTTPS too, naming no certificate (the HTTPS entry loads it)', () => {
    const out = renderNginxVhost({ ...base, tls });
    expect(servers(out)).toHaveLength(1);
    expect(out).toContain('    listen 80;\n    listen 443 ssl;\n    listen [::]:443 ssl;\n    server_name alice.example.com www.alice.example.com;');
    expect(out).not.toContain('ssl_certificate');
    expect(out).not.toContain(HTTPS_REDIRECT); // no redirect: HTTP serves the site too
    expect(out).toContain('fastcgi_pass unix:/run/php/hearth-alice.sock;');
    // Everything else is the plain site's text.
    expect(out.replace('    listen 443 ssl;\n    listen [::]:443 ssl;\n', '')).toBe(renderNginxVhost(base));
  });

  it('redirects plain HTTP to HTTPS (with a non-standard port) through the entry map, which spares ACME challenges', () => {
    const out = renderNginxVhost({ ...base, tls: { listen: ['127.0.0.1:8443'], redirect: true } });
    expect(servers(out)).toHaveLength(1);
    expect(out).toContain(`    if (${HTTPS_REDIRECT}) {\n        return 301 https://$host:8443$request_uri;\n    }`);
    // ACME tokens are served from the sites entry's ACME root; the entry's map spares them the redirect.
    expect(out).not.toContain('acme');
    expect(renderNginxVhost({ ...base, tls: { ...tls, redirect: true } })).toContain('return 301 https://$host$request_uri;');
  });

  it('serves 503 over HTTPS too while suspended, with no redirect', () => {
    const out = renderSuspendedVhost({ ...base, pageDir: '/var/lib/hearth-web/pages/alice.example.com', tls: { ...tls, redirect: true } });
    expect(servers(out)).toHaveLength(1);
    expect(out).toContain('    listen 443 ssl;');
    expect(out).toContain('return 503;');
    expect(out).not.toContain(HTTPS_REDIRECT);
  });

  it.each([';', '{', ' ', '\n', '$', '"'])('refuses listen values containing %j', (ch) => {
    expect(() => renderNginxVhost({ ...base, tls: { ...tls, listen: [`443${ch}`] } })).toThrow(/outside the allowed alphabet/);
  });
});

describe('the HTTPS entry', () => {
  const entry = renderHttpsEntry({ listen: ['443', '[::]:443'], liveRoot: '/etc/letsencrypt/live' });

  it('is the default server of every HTTPS listen value, refusing handshakes that name no site', () => {
    expect(entry).toContain('    listen 443 ssl default_server;\n    listen [::]:443 ssl default_server;');
    expect(entry).toContain('    ssl_reject_handshake on;');
    expect(entry).not.toMatch(/^# Managed by Hearth for account/); // no owner: never an orphan vhost
  });

  it('loads the certificate of the server the client named, from the live root, at the handshake', () => {
    expect(entry).toContain('    ssl_certificate /etc/letsencrypt/live/$server_name/fullchain.pem;');
    expect(entry).toContain('    ssl_certificate_key /etc/letsencrypt/live/$server_name/privkey.pem;');
  });

  it('defines the redirect map: plain HTTP but ACME challenges', () => {
    expect(entry).toContain(`map $https$uri ${HTTPS_REDIRECT} {\n    "~^/(?!\\.well-known/acme-challenge/)" 1;\n    default "";\n}`);
  });

  it.each([';', '{', ' ', '\n', '$', '"'])('refuses a live root or listen value containing %j', (ch) => {
    expect(() => renderHttpsEntry({ listen: ['443'], liveRoot: `/etc/x${ch}y` })).toThrow(/outside the allowed alphabet/);
    expect(() => renderHttpsEntry({ listen: [`443${ch}`], liveRoot: '/etc/letsencrypt/live' })).toThrow(/outside the allowed alphabet/);
  });
});
