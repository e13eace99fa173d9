import { ownerMarker } from './owner-marker';
import { safeDomain, safeListen, safePath } from './safe-values';

export interface NginxVhostParams {
  /** The account the file belongs to (its first line says so). */
  owner: string;
  domain: string;
  home: string;
  listen: readonly string[];
  socket: string;
  acmeChallengeDir: string;
  fastcgiParams: string;
  /** Test-mode fault: an unknown directive so `nginx -t` refuses the file. */
  fault?: boolean;
}

export interface SuspendedVhostParams {
  owner: string;
  domain: string;
  home: string;
  listen: readonly string[];
  /** Directory holding suspended.html for this domain. */
  pageDir: string;
  acmeChallengeDir: string;
}

function listenLines(listen: readonly string[]): string[] {
  if (listen.length === 0) throw new Error('nginx listen list is empty');
  return listen.map((l) => `    listen ${safeListen(l)};`);
}

/** ACME HTTP-01 stays reachable even while suspended, so renewals keep working. */
function acmeLocation(dir: string): string[] {
  return [
    '    location ^~ /.well-known/acme-challenge/ {',
    `        alias ${safePath(dir, 'acme challenge dir')}/;`,
    '        default_type text/plain;',
    '        try_files $uri =404;',
    '    }',
  ];
}

/**
 * The account's vhost: domain and www, document root in the home, PHP through the
 * account's own pool socket, logs in the home. Only the template contributes `$`,
 * `{` or `;`; every interpolated value went through a strict-alphabet check.
 */
export function renderNginxVhost(p: NginxVhostParams): string {
  const domain = safeDomain(p.domain);
  const home = safePath(p.home, 'home');
  const socket = safePath(p.socket, 'socket');
  const params = safePath(p.fastcgiParams, 'fastcgi params');
  const lines = [
    ownerMarker('#', p.owner),
    'server {',
    ...listenLines(p.listen),
    `    server_name ${domain} www.${domain};`,
    `    root ${home}/public_html;`,
    '    index index.php index.html;',
    `    access_log ${home}/logs/access.log;`,
    `    error_log ${home}/logs/error.log;`,
    ...(p.fault ? ['    hearth_fault_injected on;'] : []),
    ...acmeLocation(p.acmeChallengeDir),
    '    location ~ /\\.(?!well-known/) {',
    '        deny all;',
    '    }',
    '    location / {',
    '        try_files $uri $uri/ =404;',
    '    }',
    '    location ~ \\.php$ {',
    '        try_files $uri =404;',
    `        include ${params};`,
    '        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
    `        fastcgi_pass unix:${socket};`,
    '    }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** What a suspended domain serves: 503 with the suspended page for every path but ACME. */
export function renderSuspendedVhost(p: SuspendedVhostParams): string {
  const domain = safeDomain(p.domain);
  const home = safePath(p.home, 'home');
  const pageDir = safePath(p.pageDir, 'page dir');
  const lines = [
    ownerMarker('#', p.owner),
    '# This account is suspended; unsuspend restores the previous file.',
    'server {',
    ...listenLines(p.listen),
    `    server_name ${domain} www.${domain};`,
    `    root ${pageDir};`,
    `    access_log ${home}/logs/access.log;`,
    `    error_log ${home}/logs/error.log;`,
    '    error_page 503 /suspended.html;',
    ...acmeLocation(p.acmeChallengeDir),
    '    location = /suspended.html {',
    '        internal;',
    '    }',
    '    location / {',
    '        return 503;',
    '    }',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
