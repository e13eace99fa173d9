import { safePath } from './safe-values';
import { listenLines } from './nginx-listen-lines';

/** The entry's file name in sites-enabled: sorts before every `{domain}.conf`. */
export const SITES_ENTRY_FILE = '000-hearth-sites.conf';

/** Set by each vhost to its document root; the entry's map falls back to it. */
export const SITE_ROOT = '$hearth_site_root';

/** What each vhost's `root` is: the ACME root, the refusal root, or the site's document root. */
export const ROOT = '$hearth_root';

/** No owner marker on the first line, on purpose: orphan scans look for vhosts by their marker. */
const HEAD = '# Managed by Hearth: what every site\'s vhost inherits (changes are overwritten).';

export interface SitesEntryParams {
  /** The fastcgi_param defaults file (Debian's /etc/nginx/fastcgi_params). */
  fastcgiParams: string;
  /** A directory whose `.well-known/acme-challenge` is the ACME challenge directory. */
  acmeRoot: string;
  /** An empty directory: the root of every path with a dot component, so those answer 404. */
  refusedRoot: string;
  /** `listen` values of the sites' plain-HTTP servers (the bridge listens there too). */
  listen: readonly string[];
  /** The bridge's directory of sites: {bridgeRoot}/{name}/root and php.sock (site-bridge.ts). */
  bridgeRoot: string;
  /** The bridge's access log: requests of sites nginx has not loaded yet. */
  bridgeLog: string;
}

/**
 * The http-level part of every site, declared once. nginx builds every module's settings
 * for each server and each location, and compiles FastCGI parameters wherever they are
 * declared: at 1,000 vhosts that was most of what a test or reload spent (bench/README.md).
 * So a vhost holds only its names, listens, logs, `set ${SITE_ROOT} {its document root}`
 * (a primary domain's: its bridge link to it), `root ${ROOT}` and its PHP location, and
 * inherits the rest from here:
 *
 * - the FastCGI parameters (a PHP location that declares none inherits them; servers of the
 *   operator's own that include Debian's snippets keep theirs);
 * - `${ROOT}`, a map of the URI: an ACME HTTP-01 token path is served from the ACME root
 *   (the challenge directory, whoever's vhost is asked); a path with a dot component
 *   (`.env`, `.git/…`, but not `.well-known/`) from an empty directory, so it answers 404
 *   and PHP never runs it; anything else from the site's document root. `volatile`: it is
 *   evaluated for each use, never kept from before an internal redirect.
 * - `${SITE_ROOT}` defined (empty) for configurations with no vhost yet;
 * - the bridge: a server for every name no loaded vhost has (a regular expression, so every
 *   vhost's exact names come first). It serves a new site from the moment its create passed
 *   `nginx -t` until the reload that loads its vhost, which then comes within the deferral
 *   window, shared by every site created meanwhile (a reload is O(sites): one per create
 *   was most of a create's time at 1,000 sites, bench/README.md). It serves what the vhost
 *   serves: `{bridgeRoot}/$host/root` is a link to the document root owned by the account's
 *   uid, so `disable_symlinks if_not_owner` follows it and, as in the vhost, refuses any link
 *   inside the site to another owner's file; `php.sock` links to the account's pool. A name
 *   without links answers 404. nginx has validated `$host` (lower case, no `/`, no `..`),
 *   and the server name admits only letters, digits, dots and dashes. Its requests are
 *   logged in one file of its own, not the account's (error_log takes no variables).
 */
export function renderSitesEntry(p: SitesEntryParams): string {
  return `${[
    HEAD,
    `include ${safePath(p.fastcgiParams, 'fastcgi params')};`,
    // The root is a link (the bridge's, and a primary domain's vhost's): PHP is given the
    // real path, as it was before the links, resolved by nginx. PHP-FPM keeps the last of
    // two same-named parameters, so this DOCUMENT_ROOT replaces fastcgi_params' own.
    'fastcgi_param DOCUMENT_ROOT $realpath_root;',
    'fastcgi_param SCRIPT_FILENAME $realpath_root$fastcgi_script_name;',
    `map $uri ${ROOT} {`,
    '    volatile;',
    `    "~^/\\.well-known/acme-challenge/[A-Za-z0-9_-]+$" ${safePath(p.acmeRoot, 'ACME root')};`,
    `    "~/\\.(?!well-known/)" ${safePath(p.refusedRoot, 'refused root')};`,
    `    default ${SITE_ROOT};`,
    '}',
    `map "" ${SITE_ROOT} {`,
    '    default "";',
    '}',
    ...bridgeServer(p),
  ].join('\n')}\n`;
}

function bridgeServer(p: SitesEntryParams): string[] {
  const bridge = safePath(p.bridgeRoot, 'bridge root');
  return [
    'server {',
    ...listenLines(p.listen),
    '    server_name "~^[a-z0-9.-]+$";',
    `    set ${SITE_ROOT} ${bridge}/$host/root;`,
    `    root ${ROOT};`,
    '    disable_symlinks if_not_owner;',
    '    index index.php index.html;',
    `    access_log ${safePath(p.bridgeLog, 'bridge log')};`,
    '    location ~ \\.php$ {',
    '        try_files $uri =404;',
    `        fastcgi_pass unix:${bridge}/$host/php.sock;`,
    '    }',
    '}',
  ];
}
