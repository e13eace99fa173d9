import { safePath } from './safe-values';

/** The entry's file name in sites-enabled: sorts before every `{domain}.conf`. */
export const FASTCGI_ENTRY_FILE = '000-hearth-fastcgi.conf';

/** No owner marker on the first line, on purpose: orphan scans look for vhosts by their marker. */
const HEAD = '# Managed by Hearth: the FastCGI parameters every site\'s PHP location inherits (changes are overwritten).';

/**
 * The FastCGI parameters at the http level, once for all sites. A site's PHP location
 * declares none and so inherits these, compiled once: declared in each of 1,000 vhosts
 * they were a fifth of what `nginx -t` and every reload spent, and 12 MB of each
 * configuration (bench/README.md). A server of the operator's own that declares
 * parameters of its own (Debian's snippets do) keeps them: nginx inherits a level's
 * parameters only where none are declared.
 */
export function renderFastcgiEntry(p: { fastcgiParams: string }): string {
  return `${[
    HEAD,
    `include ${safePath(p.fastcgiParams, 'fastcgi params')};`,
    'fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
  ].join('\n')}\n`;
}
