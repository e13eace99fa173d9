import { safePath } from './safe-values';

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
}

/**
 * The http-level part of every site, declared once. nginx builds every module's settings
 * for each server and each location, and compiles FastCGI parameters wherever they are
 * declared: at 1,000 vhosts that was most of what a test or reload spent (bench/README.md).
 * So a vhost holds only its names, listens, logs, `set ${SITE_ROOT} {its document root}`,
 * `root ${ROOT}` and its PHP location, and inherits the rest from here:
 *
 * - the FastCGI parameters (a PHP location that declares none inherits them; servers of the
 *   operator's own that include Debian's snippets keep theirs);
 * - `${ROOT}`, a map of the URI: an ACME HTTP-01 token path is served from the ACME root
 *   (the challenge directory, whoever's vhost is asked); a path with a dot component
 *   (`.env`, `.git/…`, but not `.well-known/`) from an empty directory, so it answers 404
 *   and PHP never runs it; anything else from the site's document root. `volatile`: it is
 *   evaluated for each use, never kept from before an internal redirect.
 * - `${SITE_ROOT}` defined (empty) for configurations with no vhost yet.
 */
export function renderSitesEntry(p: SitesEntryParams): string {
  return `${[
    HEAD,
    `include ${safePath(p.fastcgiParams, 'fastcgi params')};`,
    'fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
    `map $uri ${ROOT} {`,
    '    volatile;',
    `    "~^/\\.well-known/acme-challenge/[A-Za-z0-9_-]+$" ${safePath(p.acmeRoot, 'ACME root')};`,
    `    "~/\\.(?!well-known/)" ${safePath(p.refusedRoot, 'refused root')};`,
    `    default ${SITE_ROOT};`,
    '}',
    `map "" ${SITE_ROOT} {`,
    '    default "";',
    '}',
  ].join('\n')}\n`;
}
