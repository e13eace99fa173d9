import { dirname } from 'node:path';
import { promises as fs } from 'node:fs';
import { LineFile, upsertLine } from '../mail/line-file';
import type { WebdiskConfig } from './webdisk-config';
import { WebdiskEntry, parseWebdiskLine, renderWebdiskLine, webdiskLineKey, webdiskLogin } from './webdisk-lines';

/** The Web Disk users file (read by hearth-webdisk on each request: no reload needed). */
export class WebdiskAccounts {
  private readonly file: LineFile;

  constructor(readonly config: WebdiskConfig) {
    this.file = new LineFile(config.usersFile, 0o600);
  }

  async ensureFiles(): Promise<void> {
    await fs.mkdir(dirname(this.config.usersFile), { recursive: true, mode: 0o755 });
    await this.file.edit((l) => l);
  }

  async list(owner?: string): Promise<WebdiskEntry[]> {
    const entries = (await this.file.lines()).map(parseWebdiskLine).filter((e): e is WebdiskEntry => e !== null);
    return owner ? entries.filter((e) => e.owner === owner) : entries;
  }

  async find(username: string, domain: string): Promise<WebdiskEntry | null> {
    const login = webdiskLogin({ username, domain });
    return (await this.list()).find((e) => webdiskLogin(e) === login) ?? null;
  }

  async put(entry: WebdiskEntry): Promise<void> {
    const line = renderWebdiskLine(entry);
    const login = webdiskLogin(entry);
    await this.file.edit((lines) => upsertLine(lines, login, line, webdiskLineKey));
  }

  async remove(username: string, domain: string): Promise<void> {
    const login = webdiskLogin({ username, domain });
    await this.file.edit((lines) => lines.filter((l) => webdiskLineKey(l) !== login));
  }

  async setOwnerEnabled(owner: string, enabled: boolean): Promise<void> {
    await this.file.edit((lines) => lines.map((l) => {
      const e = parseWebdiskLine(l);
      return e && e.owner === owner ? renderWebdiskLine({ ...e, enabled }) : l;
    }));
  }

  async removeOwner(owner: string): Promise<void> {
    await this.file.edit((lines) => lines.filter((l) => parseWebdiskLine(l)?.owner !== owner));
  }
}
