import { promises as fs } from 'node:fs';
import type { Logger } from '@hearth/shared';
import { writeFileDurably } from '../system/durable-file';

/**
 * A file of http-level settings in sites-enabled that the sites' vhosts rely on (the HTTPS
 * entry, the sites entry). Written once per process, before the first vhost that needs
 * it is rendered, and only when its text differs (new install, changed settings). It goes
 * straight to disk, not through the reload coordinator: on its own it serves nothing and is
 * valid, nginx's next test sees it (the coordinator's snapshot notices the new file and
 * tests the whole configuration once) and its next reload loads it together with the vhost
 * that needs it.
 */
export class NginxEntryFile {
  private ready: Promise<void> | null = null;

  /** `prepare`: what the file's directives need on disk, made before it is written. */
  constructor(
    readonly path: string,
    private readonly render: () => string,
    private readonly what: string,
    private readonly log: Logger,
    private readonly prepare: () => Promise<void> = async () => undefined,
  ) {}

  ensure(): Promise<void> {
    this.ready ??= this.write().catch((e: unknown) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  private async write(): Promise<void> {
    const text = this.render();
    await this.prepare();
    const current = await fs.readFile(this.path, 'utf8').catch(() => null);
    if (current === text) return;
    await writeFileDurably(this.path, text, 0o644);
    this.log.info({ path: this.path }, `${this.what} written`);
  }
}
