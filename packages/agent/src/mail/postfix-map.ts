import { promises as fs } from 'node:fs';
import type { Exec } from '../system/exec';
import { LineFile } from './line-file';
import type { PostfixReloader } from './postfix-reload';

/**
 * A Postfix hash: map: the text file Hearth edits plus the .db postmap compiles from it.
 * postmap runs under the file's lock after every edit, and also when the .db is missing
 * or older than the text (a crash between rename and postmap), so Postfix always sees
 * the latest text; then Postfix is reloaded (coalesced) so no idle process keeps the old map.
 */
export class PostfixHashMap {
  private readonly file: LineFile;

  constructor(
    readonly path: string,
    private readonly postmapPath: string,
    private readonly configDir: string,
    private readonly exec: Exec,
    private readonly reloader: PostfixReloader,
  ) {
    this.file = new LineFile(path, 0o644, undefined, false, async (textChanged) => {
      if (!textChanged && !(await this.stale())) return false;
      await this.exec(this.postmapPath, ['-c', this.configDir, `hash:${this.path}`]);
      return true;
    });
  }

  lines(): Promise<string[]> {
    return this.file.lines();
  }

  /** Edits arriving together share one rewrite, one postmap and one reload (LineFile groups them). */
  async edit(change: (lines: string[]) => string[]): Promise<boolean> {
    const { changed, hooked } = await this.file.editGrouped(change);
    // Outside the file lock: edits of other maps need not wait for the reload.
    if (hooked) await this.reloader.reload();
    return changed;
  }

  private async stale(): Promise<boolean> {
    const [text, db] = await Promise.all([fs.stat(this.path), fs.stat(`${this.path}.db`).catch(() => null)]);
    return db === null || db.mtimeMs < text.mtimeMs;
  }
}
