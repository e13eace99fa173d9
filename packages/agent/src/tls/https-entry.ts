import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { NginxEntryFile } from '../web/nginx-entry-file';
import { HTTPS_ENTRY_FILE, renderHttpsEntry } from '../web/render-nginx-https-entry';
import type { TlsSettings } from './tls-config';

/**
 * The HTTPS entry file in sites-enabled (render-nginx-https-entry.ts): the default server
 * every site's `listen … ssl` relies on, in place before the first vhost with HTTPS.
 */
export function httpsEntry(settings: TlsSettings, sitesEnabled: string, log: Logger): NginxEntryFile {
  const render = () => renderHttpsEntry({ listen: settings.https.listen, liveRoot: settings.liveRoot });
  return new NginxEntryFile(join(sitesEnabled, HTTPS_ENTRY_FILE), render, 'HTTPS entry of the sites', log);
}
