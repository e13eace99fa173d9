import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { groupGid } from '../users/groups';

/**
 * Who may read the certificate files. nginx loads a site's certificate and key at the TLS
 * handshake, in a worker (render-nginx-vhost.ts says why), and its workers run in the web
 * group (www-data), not as root. So the live root and each domain's directory are
 * root:web-group 0710 (the workers may pass through, not list) and the key is root:web-group
 * 0640. A customer's PHP, FTP and mail run as the customer's own uid, outside that group:
 * they cannot read any key. The live root is root-controlled, so paths are fine here.
 */
export const KEY_MODE = 0o640;
const DIR_MODE = 0o710;

export class KeyAccess {
  private gid: Promise<number> | null = null;
  private root: Promise<void> | null = null;

  constructor(private readonly liveRoot: string, private readonly webGroup: string) {}

  /** The web group's gid (looked up once). */
  group(): Promise<number> {
    this.gid ??= groupGid(this.webGroup);
    return this.gid;
  }

  /** The live root (its parents world-traversable) and `dir` inside it, ready for files. */
  async prepare(dir: string): Promise<void> {
    await this.readyRoot();
    await this.grantDir(dir);
  }

  /** The live root once per process (again after a failure), not at every install. */
  private readyRoot(): Promise<void> {
    this.root ??= (async () => {
      await fs.mkdir(dirname(this.liveRoot), { recursive: true, mode: 0o755 });
      await this.grantDir(this.liveRoot);
    })().catch((e: unknown) => {
      this.root = null;
      throw e;
    });
    return this.root;
  }

  /**
   * Certificates installed before keys were read at the handshake were root-only: every
   * domain directory and key gets the web group (once per start; a no-op afterwards).
   */
  async grantExisting(): Promise<number> {
    let entries: string[];
    try {
      entries = await fs.readdir(this.liveRoot);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    await this.readyRoot();
    const gid = await this.group();
    let changed = 0;
    for (const name of entries) {
      const dir = join(this.liveRoot, name);
      const stat = await fs.lstat(dir);
      if (!stat.isDirectory()) continue;
      await this.grantDir(dir);
      const key = join(dir, 'privkey.pem');
      const keyStat = await fs.lstat(key).catch(() => null);
      if (!keyStat?.isFile() || (keyStat.gid === gid && (keyStat.mode & 0o777) === KEY_MODE)) continue;
      await fs.chown(key, 0, gid);
      await fs.chmod(key, KEY_MODE);
      changed++;
    }
    return changed;
  }

  private async grantDir(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
    const stat = await fs.lstat(dir);
    if (!stat.isDirectory()) throw new Error(`${dir} is not a directory`);
    const gid = await this.group();
    if (stat.uid !== 0 || stat.gid !== gid) await fs.chown(dir, 0, gid);
    if ((stat.mode & 0o777) !== DIR_MODE) await fs.chmod(dir, DIR_MODE);
  }
}
