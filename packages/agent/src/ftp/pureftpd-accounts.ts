import { dirname } from 'node:path';
import { promises as fs } from 'node:fs';
import type { Exec } from '../system/exec';
import { LineFile, upsertLine } from '../mail/line-file';
import type { FtpConfig } from './ftp-config';
import { FtpEntry, ftpLineKey, ftpLineQuota, ftpLogin, parseFtpLine, renderFtpLine } from './pureftpd-lines';

/**
 * pure-ftpd's virtual users: the pure-pw text file, recompiled into the PureDB after
 * every change (under the same lock, so the compiled file always matches the text) and
 * whenever the PureDB is missing or older than the text.
 * pure-ftpd opens the PureDB per login: a change takes effect at the next login.
 */
export class PureFtpdAccounts {
  private readonly file: LineFile;

  /**
   * @param quotaMbOf the disk quota (MB, 0 = none) of a hosting account, given to each of
   *   its FTP logins as pure-ftpd's per-user size quota.
   */
  constructor(readonly config: FtpConfig, private readonly exec: Exec, private readonly quotaMbOf: (owner: string) => Promise<number> = async () => 0) {
    // pure-pw mkdb after a group of edits that changed the text, and whenever the PureDB is
    // missing or older than the text (a crash between the two, a lost .pdb, an edit by hand).
    // Not otherwise: every account delete removes its owner's logins, most often none, and
    // compiling an unchanged file cost a program per delete.
    this.file = new LineFile(config.passwdFile, 0o600, undefined, false, async (changed) => {
      if (changed || (await this.stale())) await this.compile();
    });
  }

  private async stale(): Promise<boolean> {
    const [text, pdb] = await Promise.all([fs.stat(this.config.passwdFile), fs.stat(this.config.pdbFile).catch(() => null)]);
    return pdb === null || pdb.mtimeMs < text.mtimeMs;
  }

  private async compile(): Promise<void> {
    await fs.mkdir(dirname(this.config.pdbFile), { recursive: true, mode: 0o755 });
    await this.exec(this.config.purePwPath, ['mkdb', this.config.pdbFile, '-f', this.config.passwdFile]);
  }

  /** Creates the files when missing, so pure-ftpd can start. */
  async ensureFiles(): Promise<void> {
    await fs.mkdir(dirname(this.config.passwdFile), { recursive: true, mode: 0o755 });
    await this.file.edit((l) => l);
  }

  async list(owner?: string): Promise<FtpEntry[]> {
    const entries = (await this.file.lines()).map(parseFtpLine).filter((e): e is FtpEntry => e !== null);
    return owner ? entries.filter((e) => e.owner === owner) : entries;
  }

  async find(username: string, domain: string): Promise<FtpEntry | null> {
    const login = ftpLogin({ username, domain });
    return (await this.list()).find((e) => ftpLogin(e) === login) ?? null;
  }

  /** Writes (or replaces) one login. */
  async put(entry: FtpEntry): Promise<void> {
    const line = renderFtpLine(entry, (await this.quotaMbOf(entry.owner)) * 1024 * 1024);
    const login = ftpLogin(entry);
    await this.file.edit((lines) => upsertLine(lines, login, line, ftpLineKey));
  }

  async remove(username: string, domain: string): Promise<void> {
    const login = ftpLogin({ username, domain });
    await this.file.edit((lines) => lines.filter((l) => ftpLineKey(l) !== login));
  }

  /** Every login of one hosting account: suspend (false) or restore (true). */
  async setOwnerEnabled(owner: string, enabled: boolean): Promise<void> {
    await this.file.edit((lines) => lines.map((l) => {
      const e = parseFtpLine(l);
      return e && e.owner === owner ? renderFtpLine({ ...e, enabled }, ftpLineQuota(l)) : l;
    }));
  }

  async removeOwner(owner: string): Promise<void> {
    await this.file.edit((lines) => lines.filter((l) => parseFtpLine(l)?.owner !== owner));
  }
}
