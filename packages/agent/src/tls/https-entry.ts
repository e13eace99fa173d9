import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { writeFileDurably } from '../system/durable-file';
import { HTTPS_ENTRY_FILE, renderHttpsEntry } from '../web/render-nginx-https-entry';
import type { TlsSettings } from './tls-config';

/**
 * The HTTPS entry file in sites-enabled (render-nginx-https-entry.ts): the default server
 * every site's `listen … ssl` relies on. Written once per process, before the first vhost
 * with HTTPS is rendered, and only when its text differs (new install, changed listen
 * values). It goes straight to disk, not through the reload coordinator: on its own it
 * serves nothing and is valid, nginx's next test sees it (the coordinator's snapshot
 * notices the new file and tests the whole configuration once) and its next reload loads
 * it together with the vhost that needs it.
 */
export class HttpsEntry {
  private ready: Promise<void> | null = null;
  readonly path: string;

  constructor(private readonly settings: TlsSettings, sitesEnabled: string, private readonly log: Logger) {
    this.path = join(sitesEnabled, HTTPS_ENTRY_FILE);
  }

  ensure(): Promise<void> {
    this.ready ??= this.write().catch((e: unknown) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  private async write(): Promise<void> {
    const text = renderHttpsEntry({ listen: this.settings.https.listen, liveRoot: this.settings.liveRoot });
    const current = await fs.readFile(this.path, 'utf8').catch(() => null);
    if (current === text) return;
    await writeFileDurably(this.path, text, 0o644);
    this.log.info({ path: this.path }, 'HTTPS entry of the sites written');
  }
}
