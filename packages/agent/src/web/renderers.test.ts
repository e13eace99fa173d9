import { renderNginxVhost, renderSuspendedVhost } from './render-nginx-vhost';
import { renderPhpPool } from './render-php-pool';
import { renderPage } from './render-page';
import { renderSitesEntry } from './render-nginx-sites-entry';
import { isOwnedBy } from './owner-marker';

const vhost = {
  owner: 'alice', domain: 'alice.example.com', home: '/home/alice', logDir: '/var/log/hearth/web/alice', listen: ['80', '[::]:80'],
  socket: '/run/php/hearth-alice.sock',
};
const pool = { username: 'alice', uid: 1001, gid: 1002, home: '/home/alice', socket: '/run/php/hearth-alice.sock', webUid: 33, webGid: 34, workers: 7, memoryMb: 256 };

// Every character that could end a directive, open a block, quote, or start a new line.
const HOSTILE = [';', '{', '}', '"', "'", '`', ' ', '\t', '\n', '\r', '$', '\\', '#', '\0'];

describe('renderNginxVhost', () => {
  it('renders the account vhost: domain and www, root, logs, PHP via its socket, ACME', () => {
    const out = renderNginxVhost(vhost);
    expect(out.split('\n')[0]).toBe('# Managed by Hearth for account alice: changes are overwritten.');
    expect(out).toContain('    listen 80;\n    listen [::]:80;');
    expect(out).toContain('server_name alice.example.com www.alice.example.com;');
    // The document root is the site's root in the sites entry's map (ACME tokens and dot paths have their own).
    expect(out).toContain('    set $hearth_site_root /home/alice/public_html;\n    root $hearth_root;\n');
    // Logs go to the root-controlled log dir, never into the customer's home.
    expect(out).toContain('access_log /var/log/hearth/web/alice/access.log;');
    expect(out).toContain('error_log /var/log/hearth/web/alice/error.log;');
    expect(out).not.toContain('/home/alice/logs');
    expect(out).toContain('fastcgi_pass unix:/run/php/hearth-alice.sock;');
    // Its FastCGI parameters, the ACME path and the refusal of dot paths come from the sites entry.
    expect(out).not.toMatch(/fastcgi_param|include|acme|deny/);
    expect(out.match(/location/g)).toEqual(['location']);
    expect(out).not.toContain('hearth_fault_injected');
    expect(isOwnedBy(out, '#', 'alice')).toBe(true);
    expect(isOwnedBy(out, '#', 'alic')).toBe(false);
  });

  it('follows a symlink only when link and target have one owner, in every server block (plain, TLS, redirect, suspended)', () => {
    const tls = { listen: ['443'], certificate: '/etc/letsencrypt/live/a/fullchain.pem', key: '/etc/letsencrypt/live/a/privkey.pem', redirect: false };
    const outputs = [
      renderNginxVhost(vhost),
      renderNginxVhost({ ...vhost, tls }),
      renderNginxVhost({ ...vhost, tls: { ...tls, redirect: true } }),
      renderSuspendedVhost({ ...vhost, acmeChallengeDir: '/var/lib/hearth/acme-challenge', pageDir: '/var/lib/hearth/pages/alice.example.com', tls }),
    ];
    for (const out of outputs) {
      const servers = out.split('server {').length - 1;
      expect(out.split('    disable_symlinks if_not_owner;\n').length - 1).toBe(servers);
      // No `from=`: public_html itself swapped for a link is refused too.
      expect(out).not.toContain('from=');
    }
  });

  it('adds an invalid directive only when the test fault is asked for', () => {
    expect(renderNginxVhost({ ...vhost, fault: true })).toContain('hearth_fault_injected on;');
  });

  it.each(HOSTILE)('refuses a domain containing %j', (ch) => {
    expect(() => renderNginxVhost({ ...vhost, domain: `alice${ch}.example.com` })).toThrow(/outside the allowed alphabet/);
    expect(() => renderNginxVhost({ ...vhost, domain: `alice.example.com${ch}` })).toThrow(/outside the allowed alphabet/);
    expect(() => renderSuspendedVhost({ ...vhost, acmeChallengeDir: '/var/lib/hearth/acme-challenge', pageDir: '/p', domain: `a${ch}b.example.com` })).toThrow();
  });

  it.each(HOSTILE)('refuses a path containing %j', (ch) => {
    for (const key of ['home', 'logDir', 'socket'] as const) {
      expect(() => renderNginxVhost({ ...vhost, [key]: `/home/al${ch}ice` })).toThrow(/outside the allowed alphabet/);
    }
    expect(() => renderSuspendedVhost({ ...vhost, pageDir: '/p', acmeChallengeDir: `/var/lib/ac${ch}me` })).toThrow(/outside the allowed alphabet/);
    expect(() => renderSuspendedVhost({ ...vhost, acmeChallengeDir: '/var/lib/hearth/acme-challenge', pageDir: `/srv/p${ch}ages` })).toThrow(/outside the allowed alphabet/);
  });

  it('refuses non-canonical domains, relative and dot-dot paths, odd listen values', () => {
    for (const domain of ['Alice.example.com', 'alice.example.com.', 'localhost', '*.example.com', 'a..b.com', '']) {
      expect(() => renderNginxVhost({ ...vhost, domain })).toThrow();
    }
    for (const home of ['home/alice', '/home/../etc', '/home/./x', '/home//x', '/home/alice/..']) {
      expect(() => renderNginxVhost({ ...vhost, home })).toThrow();
    }
    for (const listen of ['80; include /etc/passwd', '80 default_server', 'unix:/x', '']) {
      expect(() => renderNginxVhost({ ...vhost, listen: [listen] })).toThrow();
    }
    expect(() => renderNginxVhost({ ...vhost, owner: 'al ice' })).toThrow();
  });

  it('with a bridge directory, reaches the document root and the pool through its links (root\'s, removed to stop the site)', () => {
    const bridge = '/var/lib/hearth-web/pages/.sites/alice.example.com';
    const out = renderNginxVhost({ ...vhost, bridge: { root: `${bridge}/root`, socket: `${bridge}/php.sock` } });
    expect(out).toContain(`    set $hearth_site_root ${bridge}/root;\n    root $hearth_root;\n`);
    expect(out).toContain(`fastcgi_pass unix:${bridge}/php.sock;`);
    expect(out).not.toContain('/home/alice/public_html');
    expect(out).not.toContain('hearth-alice.sock');
    expect(out).toContain('    disable_symlinks if_not_owner;');
    for (const bad of ['/x/a;b', 'relative', '/x/$host']) {
      expect(() => renderNginxVhost({ ...vhost, bridge: { root: bad, socket: `${bridge}/php.sock` } })).toThrow();
      expect(() => renderNginxVhost({ ...vhost, bridge: { root: `${bridge}/root`, socket: bad } })).toThrow();
    }
  });

  it('serves an added domain from its own document root inside the home, and nowhere else', () => {
    const out = renderNginxVhost({ ...vhost, domain: 'shop.example.org', documentRoot: '/home/alice/sites/shop' });
    expect(out).toContain('    set $hearth_site_root /home/alice/sites/shop;');
    expect(out).toContain('server_name shop.example.org www.shop.example.org;');
    expect(out).toContain('fastcgi_pass unix:/run/php/hearth-alice.sock;');
    for (const root of ['/home/bob/public_html', '/home/alicex/x', '/home/alice', '/etc', '/home/alice/a;b', '/home/alice/a b']) {
      expect(() => renderNginxVhost({ ...vhost, documentRoot: root })).toThrow();
    }
  });

  it('renders a suspended vhost answering 503 with the page for domain and www', () => {
    const out = renderSuspendedVhost({ owner: 'alice', domain: 'alice.example.com', home: '/home/alice', logDir: '/var/log/hearth/web/alice', listen: ['80'], pageDir: '/var/lib/hearth/pages/alice.example.com', acmeChallengeDir: '/acme' });
    expect(out).toContain('server_name alice.example.com www.alice.example.com;');
    expect(out).toContain('root /var/lib/hearth/pages/alice.example.com;');
    expect(out).toContain('error_page 503 /suspended.html;');
    expect(out).toContain('return 503;');
    expect(out).not.toContain('fastcgi_pass');
    expect(isOwnedBy(out, '#', 'alice')).toBe(true);
  });
});

describe('renderPhpPool', () => {
  it('runs PHP as the account with its own socket, limits and open_basedir', () => {
    const out = renderPhpPool(pool);
    const lines = out.split('\n');
    expect(lines[0]).toBe('; Managed by Hearth for account alice: changes are overwritten.');
    expect(lines).toEqual(expect.arrayContaining([
      '[alice]', 'user = 1001', 'group = 1002', 'listen = /run/php/hearth-alice.sock',
      'listen.owner = 33', 'listen.group = 34', 'listen.mode = 0600',
      'env[HOME] = /home/alice', 'env[USER] = alice',
      'pm.max_children = 7', 'php_admin_value[memory_limit] = 256M',
      'php_admin_value[open_basedir] = /home/alice/',
    ]));
    // Only the home: an entry under it (~/tmp) would be resolved through a link the customer plants.
    expect(out.match(/^php_admin_value\[open_basedir\].*$/m)![0]).not.toContain('tmp');
    expect(out).not.toContain('hearth_fault_injected');
  });

  it.each(HOSTILE)('refuses a username or path containing %j', (ch) => {
    expect(() => renderPhpPool({ ...pool, username: `al${ch}ice` })).toThrow(/outside the allowed alphabet/);
    expect(() => renderPhpPool({ ...pool, home: `/home/al${ch}ice` })).toThrow(/outside the allowed alphabet/);
    expect(() => renderPhpPool({ ...pool, socket: `/run/php/x${ch}.sock` })).toThrow(/outside the allowed alphabet/);
  });

  it('refuses root and ids that are not whole numbers in range, for the account and the web server', () => {
    for (const id of [0, -1, 1.5, NaN, 4_294_967_295]) {
      for (const key of ['uid', 'gid', 'webUid', 'webGid']) expect(() => renderPhpPool({ ...pool, [key]: id })).toThrow();
    }
  });

  it('refuses workers and memory outside their ranges or not integers', () => {
    for (const workers of [0, -1, 1.5, 1001, NaN]) expect(() => renderPhpPool({ ...pool, workers })).toThrow();
    for (const memoryMb of [0, 15, 65537, 2.5]) expect(() => renderPhpPool({ ...pool, memoryMb })).toThrow();
  });
});

describe('renderPage', () => {
  it('fills the domain into the template', () => {
    expect(renderPage('<p>{{domain}} is suspended ({{domain}})</p>', 'alice.example.com'))
      .toBe('<p>alice.example.com is suspended (alice.example.com)</p>');
  });
  it('refuses a domain carrying markup', () => {
    expect(() => renderPage('{{domain}}', '<script>.example.com')).toThrow();
  });
});

describe('renderSitesEntry', () => {
  const entry = {
    fastcgiParams: '/etc/nginx/fastcgi_params', acmeRoot: '/var/lib/hearth-web/acme-challenge.root', refusedRoot: '/var/lib/hearth-web/pages/.refused',
    listen: ['80', '[::]:80'], bridgeRoot: '/var/lib/hearth-web/pages/.sites', bridgeLog: '/var/log/hearth-web/.new-sites.access.log',
  };

  it('declares once at the http level the FastCGI parameters and the root map every vhost uses; no owner marker', () => {
    const out = renderSitesEntry(entry);
    expect(out.split('\n')[0]).toMatch(/^# Managed by Hearth: what every site's vhost inherits/);
    expect(isOwnedBy(out, '#', 'alice')).toBe(false);
    // PHP is given the real path of the root, which is a link for the bridge and primary domains' vhosts.
    expect(out).toContain('\ninclude /etc/nginx/fastcgi_params;\nfastcgi_param DOCUMENT_ROOT $realpath_root;\nfastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;\n');
    expect(out).toContain([
      'map $uri $hearth_root {',
      '    volatile;',
      '    "~^/\\.well-known/acme-challenge/[A-Za-z0-9_-]+$" /var/lib/hearth-web/acme-challenge.root;',
      '    "~/\\.(?!well-known/)" /var/lib/hearth-web/pages/.refused;',
      '    default $hearth_site_root;',
      '}',
    ].join('\n'));
  });

  it('holds the bridge: every name no vhost has, served through root-owned links named by nginx\'s validated $host', () => {
    const out = renderSitesEntry(entry);
    expect(out).toContain([
      'server {',
      '    listen 80;',
      '    listen [::]:80;',
      '    server_name "~^[a-z0-9.-]+$";',
      '    set $hearth_site_root /var/lib/hearth-web/pages/.sites/$host/root;',
      '    root $hearth_root;',
      '    disable_symlinks if_not_owner;',
      '    index index.php index.html;',
      '    access_log /var/log/hearth-web/.new-sites.access.log;',
      '    location ~ \\.php$ {',
      '        try_files $uri =404;',
      '        fastcgi_pass unix:/var/lib/hearth-web/pages/.sites/$host/php.sock;',
      '    }',
      '}',
    ].join('\n'));
    // Not a default server: the operator's (quickstart: 404 for unknown names) stays the default.
    expect(out).not.toContain('default_server');
    expect(() => renderSitesEntry({ ...entry, listen: [] })).toThrow(/listen list is empty/);
    expect(() => renderSitesEntry({ ...entry, listen: ['80 default_server'] })).toThrow();
  });

  it.each(HOSTILE)('refuses a path containing %j', (ch) => {
    for (const key of ['fastcgiParams', 'acmeRoot', 'refusedRoot', 'bridgeRoot', 'bridgeLog'] as const) {
      expect(() => renderSitesEntry({ ...entry, [key]: `/etc/x${ch}y` })).toThrow(/outside the allowed alphabet/);
    }
  });
});
