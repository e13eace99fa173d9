import { ownerMarker } from './owner-marker';
import { safeDomain, safeListen, safePath } from './safe-values';
import { listenLines } from './nginx-listen-lines';
import { HTTPS_REDIRECT } from './render-nginx-https-entry';
import { ROOT, SITE_ROOT } from './render-nginx-sites-entry';

/**
 * The HTTPS part of a vhost, present once the domain has a certificate (TLS module). The
 * vhost names no certificate: the HTTPS entry (render-nginx-https-entry.ts) loads the
 * one of the server the client named, at the handshake.
 */
export interface VhostTls {
  /** `listen` values of the HTTPS server ("443", "[::]:443", "127.0.0.1:8443"). */
  listen: readonly string[];
  /** Plain HTTP answers 301 to HTTPS (ACME challenges stay on HTTP). */
  redirect: boolean;
}

export interface NginxVhostParams {
  /** The account the file belongs to (its first line says so). */
  owner: string;
  domain: string;
  home: string;
  /** Root-controlled directory of the account's logs (never inside the home). */
  logDir: string;
  listen: readonly string[];
  socket: string;
  /** Test-mode fault: an unknown directive so `nginx -t` refuses the file. */
  fault?: boolean;
  tls?: VhostTls | null;
  /**
   * Absolute document root inside the home (addon domains, subdomains, aliases);
   * `{home}/public_html` when absent.
   */
  documentRoot?: string;
  /**
   * The site's bridge links (site-bridge.ts): when given, the vhost reaches the document
   * root and the pool through these root's links instead of naming them, so removing the
   * links stops the loaded vhost serving the site at once, before any reload.
   */
  bridge?: { root: string; socket: string };
}

export interface SuspendedVhostParams {
  owner: string;
  domain: string;
  home: string;
  logDir: string;
  listen: readonly string[];
  /** Directory holding suspended.html for this domain. */
  pageDir: string;
  acmeChallengeDir: string;
  tls?: VhostTls | null;
}

/**
 * nginx's master (root) opens these files itself: they live in a directory only root
 * writes, so nothing the customer does in the home can redirect or block them.
 */
function logLines(logDir: string): string[] {
  const dir = safePath(logDir, 'log dir');
  return [`    access_log ${dir}/access.log;`, `    error_log ${dir}/error.log;`];
}

/**
 * Every component of every path nginx opens is checked (openat with O_NOFOLLOW, then
 * fstat): a symlink is followed only when it and its target have the same owner. A link
 * the customer plants to another account's file or directory, to /etc/passwd, or in place
 * of public_html itself, answers 403 with none of the target's bytes. No `from=`: the
 * document root's own components are checked too, so swapping public_html for a link
 * does not escape either.
 */
const SYMLINKS = '    disable_symlinks if_not_owner;';

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

/** The port part of the HTTPS listen value, for redirects to a non-standard port. */
function redirectTarget(tls: VhostTls): string {
  const port = /([0-9]{1,5})$/.exec(safeListen(tls.listen[0] ?? ''))?.[1] ?? '443';
  return port === '443' ? 'https://$host$request_uri' : `https://$host:${port}$request_uri`;
}

/**
 * Every listen line of the site's one server: plain HTTP, and with a certificate HTTPS
 * too. One server per site, not one per protocol: nginx builds each server's settings
 * for every module at every reload and test, so at 1,000 sites two servers each cost
 * twice the CPU and memory (bench/README.md).
 */
function allListenLines(listen: readonly string[], tls: VhostTls | null | undefined): string[] {
  return [...listenLines(listen), ...(tls ? listenLines(tls.listen, ' ssl') : [])];
}

/**
 * The account's vhost: domain and www, document root in the home, PHP through the
 * account's own pool socket (a primary domain's both through its bridge links), logs in
 * the root-controlled log dir; with a certificate the same server answers HTTPS too, and
 * with `redirect` plain HTTP answers 301 to HTTPS (except ACME challenges: the HTTPS
 * entry's map decides). Only the template contributes `$`, `{` or `;`; every interpolated
 * value went through a strict-alphabet check.
 */
export function renderNginxVhost(p: NginxVhostParams): string {
  const domain = safeDomain(p.domain);
  const home = safePath(p.home, 'home');
  const documentRoot = p.documentRoot === undefined ? `${home}/public_html` : safePath(p.documentRoot, 'document root');
  // The agent derives it from the home; refuse anything else outright rather than serve it.
  if (!documentRoot.startsWith(`${home}/`)) throw new Error('document root is outside the home');
  const root = p.bridge ? safePath(p.bridge.root, 'bridge root link') : documentRoot;
  const socket = p.bridge ? safePath(p.bridge.socket, 'bridge socket link') : safePath(p.socket, 'socket');
  const redirect = p.tls?.redirect
    ? [`    if (${HTTPS_REDIRECT}) {`, `        return 301 ${redirectTarget(p.tls)};`, '    }']
    : [];
  return `${[
    ownerMarker('#', p.owner),
    'server {',
    ...allListenLines(p.listen, p.tls),
    `    server_name ${domain} www.${domain};`,
    ...redirect,
    // ACME tokens and dot paths get their own roots from the sites entry's map.
    `    set ${SITE_ROOT} ${root};`,
    `    root ${ROOT};`,
    SYMLINKS,
    '    index index.php index.html;',
    ...logLines(p.logDir),
    ...(p.fault ? ['    hearth_fault_injected on;'] : []),
    // No `location /`: what matches no location is served by the server's own static and
    // index handling (a file, a directory's index, 301 to add a directory's slash, else 404),
    // and one location fewer is 7 KB of every configuration per site (bench/README.md).
    // Its FastCGI parameters come from the sites entry (render-nginx-sites-entry.ts).
    '    location ~ \\.php$ {',
    '        try_files $uri =404;',
    `        fastcgi_pass unix:${socket};`,
    '    }',
    '}',
  ].join('\n')}\n`;
}

/**
 * What a suspended domain serves: 503 with the suspended page for every path but ACME,
 * over HTTPS too when the domain has a certificate (no redirect: both answer 503).
 */
export function renderSuspendedVhost(p: SuspendedVhostParams): string {
  const domain = safeDomain(p.domain);
  safePath(p.home, 'home');
  const pageDir = safePath(p.pageDir, 'page dir');
  return `${[
    ownerMarker('#', p.owner),
    '# This account is suspended; unsuspend restores the previous file.',
    'server {',
    ...allListenLines(p.listen, p.tls),
    `    server_name ${domain} www.${domain};`,
    `    root ${pageDir};`,
    SYMLINKS,
    ...logLines(p.logDir),
    '    error_page 503 /suspended.html;',
    ...acmeLocation(p.acmeChallengeDir),
    '    location = /suspended.html {',
    '        internal;',
    '    }',
    '    location / {',
    '        return 503;',
    '    }',
    '}',
  ].join('\n')}\n`;
}
