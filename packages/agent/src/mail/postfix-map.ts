import { promises as fs } from 'node:fs';
import type { Exec } from '../system/exec';
import { LineFile } from './line-file';

/**
 * A Postfix hash: map: the text file Hearth edits plus the .db postmap compiles from it.
 * postmap runs under the file's lock after every edit, and also when the .db is missing
 * or older than the text (a crash between rename and postmap), so Postfix always sees
 * the latest text. Postfix re-opens a changed hash map by itself: no reload needed.
 */
export class PostfixHashMap {
  private readonly file: LineFile;

  constructor(
    readonly path: string,
    private readonly postmapPath: string,
    private readonly configDir: string,
    private readonly exec: Exec,
  ) {
    this.file = new LineFile(path, 0o644);
  }

  lines(): Promise<string[]> {
    return this.file.lines();
  }

  edit(change: (lines: string[]) => string[]): Promise<boolean> {
    return this.file.edit(change, async (changed) => {
      if (changed || (await this.stale())) {
        await this.exec(this.postmapPath, ['-c', this.configDir, `hash:${this.path}`]);
      }
    });
  }

  private async stale(): Promise<boolean> {
    const [text, db] = await Promise.all([fs.stat(this.path), fs.stat(`${this.path}.db`).catch(() => null)]);
    return db === null || db.mtimeMs < text.mtimeMs;
  }
}
