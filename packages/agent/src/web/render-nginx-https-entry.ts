import { join } from 'node:path';
import { safePath } from './safe-values';
import { listenLines } from './nginx-listen-lines';

/** The entry's file name in sites-enabled: sorts before every `{domain}.conf`. */
export const HTTPS_ENTRY_FILE = '000-hearth-https.conf';

/** "1" for a plain-HTTP request that is not an ACME challenge (defined by the entry's map). */
export const HTTPS_REDIRECT = '$hearth_https_redirect';

/**
 * The first line of the entry file: tools that look for Hearth's vhosts (orphan scans)
 * read an owner marker, and this line has none on purpose.
 */
const HEAD = '# Managed by Hearth: the HTTPS entry of every site (changes are overwritten).';

export interface HttpsEntryParams {
  /** `listen` values of the sites' HTTPS servers. */
  listen: readonly string[];
  /** Certificates are {liveRoot}/{domain}/fullchain.pem and privkey.pem. */
  liveRoot: string;
}

/**
 * The one TLS context every site's HTTPS shares, as the default server of each HTTPS
 * listen value. A site's server only listens `ssl` and names no certificate: nginx picks
 * the site's server by SNI, keeps this server's context, and evaluates the certificate
 * path at the handshake with `$server_name` of the server the client named (a site's
 * first name, its domain; `www.` shares it). Without this, nginx builds a TLS context per
 * site at every reload and test (0.4 s of CPU at 1,000 sites, bench/README.md).
 *
 * A handshake naming no site (no SNI, an unknown name) is refused: nothing of any
 * customer is shown to a scanner. `$server_name` is a name Hearth rendered, never the
 * client's text, so the path cannot leave the live root.
 *
 * The map tells plain HTTP that must go to HTTPS (vhosts with redirect) from ACME
 * challenges, which stay on HTTP.
 */
export function renderHttpsEntry(p: HttpsEntryParams): string {
  const live = safePath(p.liveRoot, 'certificate root');
  return `${[
    HEAD,
    `map $https$uri ${HTTPS_REDIRECT} {`,
    '    "~^/(?!\\.well-known/acme-challenge/)" 1;',
    '    default "";',
    '}',
    'server {',
    ...listenLines(p.listen, ' ssl default_server', 'HTTPS'),
    '    server_name _;',
    '    ssl_reject_handshake on;',
    `    ssl_certificate ${join(live, '$server_name', 'fullchain.pem')};`,
    `    ssl_certificate_key ${join(live, '$server_name', 'privkey.pem')};`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    '    return 444;',
    '}',
  ].join('\n')}\n`;
}
