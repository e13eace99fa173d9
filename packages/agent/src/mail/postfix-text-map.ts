import { LineFile } from './line-file';
import type { PostfixReloader } from './postfix-reload';

/**
 * A Postfix texthash: map: the text file Hearth edits is the map itself. Postfix daemons
 * read it when they start and never again, so after every change Postfix is reloaded
 * (coalesced, PostfixReloader) and its idle processes are replaced by ones that read the
 * new text. No postmap and no compiled .db: each edit cost a postmap run (about 10 ms of the
 * machine's CPU per create and more per delete, `bench/README.md`, eighteenth pass), and a
 * crash between the text and its .db needed a repair; a text file renamed into place is
 * either the old map or the new one.
 */
export class PostfixTextMap {
  private readonly file: LineFile;

  constructor(
    readonly path: string,
    private readonly reloader: PostfixReloader,
  ) {
    this.file = new LineFile(path, 0o644);
  }

  lines(): Promise<string[]> {
    return this.file.lines();
  }

  /** Creates the file when missing (start-up). */
  ensure(): Promise<void> {
    return this.file.ensure();
  }

  /** Edits arriving together share one rewrite (LineFile groups them) and one reload. */
  async edit(change: (lines: string[]) => string[]): Promise<boolean> {
    const changed = await this.file.edit(change);
    if (changed) await this.reloader.reload();
    return changed;
  }
}
