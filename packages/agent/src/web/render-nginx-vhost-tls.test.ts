import { renderNginxVhost, renderSuspendedVhost } from './render-nginx-vhost';

const base = {
  owner: 'alice', domain: 'alice.example.com', home: '/home/alice', logDir: '/var/log/hearth/web/alice', listen: ['80'],
  socket: '/run/php/hearth-alice.sock', acmeChallengeDir: '/var/lib/hearth-web/acme-challenge', fastcgiParams: '/etc/nginx/fastcgi_params',
};
const tls = {
  listen: ['443', '[::]:443'], certificate: '/etc/letsencrypt/live/alice.example.com/fullchain.pem',
  key: '/etc/letsencrypt/live/alice.example.com/privkey.pem', redirect: false,
};

describe('the TLS section of a vhost', () => {
  it('is absent without a certificate (the file is exactly the plain site)', () => {
    expect(renderNginxVhost({ ...base, tls: null })).toBe(renderNginxVhost(base));
    expect(renderNginxVhost(base)).not.toContain('ssl');
  });

  it('adds an HTTPS server with the same site, certificate and key (loaded at the handshake)', () => {
    const out = renderNginxVhost({ ...base, tls });
    const servers = out.split('server {').slice(1);
    expect(servers).toHaveLength(2);
    expect(servers[1]).toContain('    listen 443 ssl;\n    listen [::]:443 ssl;');
    expect(servers[1]).toContain('ssl_certificate /etc/letsencrypt/live/alice.example.com/fullchain.pem$hearth_load_at_handshake;');
    expect(servers[1]).toContain('ssl_certificate_key /etc/letsencrypt/live/alice.example.com/privkey.pem$hearth_load_at_handshake;');
    expect(servers[1]).toContain('fastcgi_pass unix:/run/php/hearth-alice.sock;');
    expect(servers[0]).toContain('fastcgi_pass'); // no redirect: HTTP serves the site too
  });

  it('redirects HTTP to HTTPS (with a non-standard port) but keeps ACME challenges on HTTP', () => {
    const out = renderNginxVhost({ ...base, tls: { ...tls, listen: ['127.0.0.1:8443'], redirect: true } });
    const [http, https] = out.split('server {').slice(1);
    expect(http).toContain('location ^~ /.well-known/acme-challenge/');
    expect(http).toContain('return 301 https://$host:8443$request_uri;');
    expect(http).not.toContain('fastcgi_pass');
    expect(https).toContain('fastcgi_pass');
    expect(renderNginxVhost({ ...base, tls: { ...tls, redirect: true } })).toContain('return 301 https://$host$request_uri;');
  });

  it('serves 503 over HTTPS too while suspended', () => {
    const out = renderSuspendedVhost({ ...base, pageDir: '/var/lib/hearth-web/pages/alice.example.com', tls: { ...tls, redirect: true } });
    const servers = out.split('server {').slice(1);
    expect(servers).toHaveLength(2);
    for (const s of servers) expect(s).toContain('return 503;');
    expect(servers[1]).toContain('ssl_certificate_key');
  });

  it.each([';', '{', ' ', '\n', '$', '"'])('refuses certificate paths and listen values containing %j', (ch) => {
    expect(() => renderNginxVhost({ ...base, tls: { ...tls, certificate: `/etc/x${ch}y.pem` } })).toThrow(/outside the allowed alphabet/);
    expect(() => renderNginxVhost({ ...base, tls: { ...tls, key: `/etc/x${ch}y.pem` } })).toThrow(/outside the allowed alphabet/);
    expect(() => renderNginxVhost({ ...base, tls: { ...tls, listen: [`443${ch}`] } })).toThrow(/outside the allowed alphabet/);
  });
});
