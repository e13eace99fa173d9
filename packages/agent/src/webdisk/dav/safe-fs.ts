import { closeSync, constants, lstatSync, openSync, promises as fs, readdirSync, readlinkSync, Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DavError } from './dav-error';

/** Names the Web Disk keeps for itself in the account's home: never listed, never served. */
export const STATE_DIR_NAME = '.hearth-webdisk';

/**
 * The login's directory tree as this worker (running as the hosting account's uid) sees
 * it. Every path is built from checked segments under `root`; every component on the way
 * is lstat'ed and a symlink anywhere is refused, and each file or directory that is
 * opened is checked again through /proc/self/fd: the kernel's own idea of what was opened
 * must still lie under `root`, so a link swapped in between the check and the open is
 * caught too. Links are never followed to another account's home or to /etc.
 */
export class SafeTree {
  constructor(readonly root: string, private readonly hidden: string) {}

  /** Resolves the login root itself (each component a real directory), once at start. */
  static async open(home: string, homedir: string, stateDir: string): Promise<SafeTree> {
    let path = home;
    for (const p of ['', ...(homedir === '' ? [] : homedir.split('/'))]) {
      path = p === '' ? path : join(path, p);
      const st = await fs.lstat(path).catch(() => null);
      if (!st || st.isSymbolicLink() || !st.isDirectory()) throw new Error('The Web Disk directory is missing or is not a plain directory');
    }
    const real = await fs.realpath(path);
    if (real !== path) throw new Error('The Web Disk directory is reached through a symbolic link');
    return new SafeTree(path, stateDir);
  }

  pathOf(segments: string[]): string {
    const path = segments.length ? join(this.root, ...segments) : this.root;
    if (this.isHidden(path)) throw new DavError(403, 'Reserved name');
    return path;
  }

  isHidden(path: string): boolean {
    return path === this.hidden || path.startsWith(`${this.hidden}/`);
  }

  /** lstat of the target after checking every parent; null when it does not exist. */
  async stat(segments: string[], parentsMustExist = true): Promise<Stats | null> {
    let path = this.root;
    for (let i = 0; i < segments.length - 1; i++) {
      path = join(path, segments[i]);
      const st = lstatOrNull(path);
      if (!st) {
        if (parentsMustExist) throw new DavError(409, 'A parent collection does not exist');
        return null;
      }
      if (st.isSymbolicLink()) throw new DavError(403, 'Symbolic links are not followed');
      if (!st.isDirectory()) throw new DavError(409, 'A parent is not a collection');
    }
    return lstatOrNull(this.pathOf(segments));
  }

  /** Like stat, but a symlink (or anything but a file or directory) as the target is refused. */
  async plainStat(segments: string[], parentsMustExist = true): Promise<Stats | null> {
    const st = await this.stat(segments, parentsMustExist);
    if (st && !st.isFile() && !st.isDirectory()) throw new DavError(403, 'Symbolic links and special files are not served');
    return st;
  }

  /** Opens with O_NOFOLLOW and proves through /proc that what was opened is under the root. */
  async open(segments: string[], flags: number, mode = 0o644): Promise<fs.FileHandle> {
    const path = this.pathOf(segments);
    const handle = await fs.open(path, flags | constants.O_NOFOLLOW, mode);
    try {
      this.checkReal(readlinkSync(`/proc/self/fd/${handle.fd}`));
      return handle;
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /**
   * A new, empty file in the state directory (never listed, never served) for an upload to
   * be written into before it replaces its target in one rename: a refused, cut or killed
   * upload never shows under the target's name, and an existing file keeps its old bytes.
   */
  async openUpload(mode: number): Promise<{ handle: fs.FileHandle; path: string }> {
    await fs.mkdir(this.hidden, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    const st = lstatOrNull(this.hidden);
    if (!st || !st.isDirectory()) throw new DavError(500, 'State directory is not a directory');
    const path = join(this.hidden, `upload-${process.pid}-${randomBytes(6).toString('hex')}.part`);
    const handle = await fs.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    return { handle, path };
  }

  /**
   * Uploads left by workers that were killed mid-way (their pid gone): removed when a worker
   * starts, so they do not count against the account's quota for ever.
   */
  async removeStaleUploads(): Promise<void> {
    const names = await fs.readdir(this.hidden).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^upload-([0-9]+)-[0-9a-f]{12}\.part$/.exec(name);
      if (m && !processAlive(Number(m[1]))) await fs.unlink(join(this.hidden, name)).catch(() => undefined);
    }
  }

  /** Puts a finished upload in place of `segments` (its parents checked again first). */
  async commitUpload(path: string, segments: string[]): Promise<void> {
    await this.plainStat(segments);
    await fs.rename(path, this.pathOf(segments));
  }

  /** What the kernel says was opened must lie under the root and outside the state directory. */
  private checkReal(real: string): void {
    if (real !== this.root && !real.startsWith(`${this.root}/`)) throw new DavError(403, 'Outside the Web Disk directory');
    if (this.isHidden(real)) throw new DavError(403, 'Reserved name');
  }

  /** The names in a collection that are plain files or directories (links and the state dir are left out). */
  async list(segments: string[]): Promise<{ name: string; stat: Stats }[]> {
    const path = this.pathOf(segments);
    const fd = openSync(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
    try {
      this.checkReal(readlinkSync(`/proc/self/fd/${fd}`));
    } finally {
      closeSync(fd);
    }
    const out: { name: string; stat: Stats }[] = [];
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (this.isHidden(full)) continue;
      const st = lstatOrNull(full);
      if (st && (st.isFile() || st.isDirectory())) out.push({ name, stat: st });
    }
    return out;
  }
}

/**
 * Metadata lookups are synchronous: each is a cached inode read of microseconds, and the
 * worker serves a single login, so skipping libuv's thread pool (two thread switches per
 * call) keeps a PROPFIND's latency low on a busy host.
 */
function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function etagOf(st: Stats): string {
  return `"${Math.floor(st.mtimeMs * 1000).toString(16)}-${st.size.toString(16)}-${st.ino.toString(16)}"`;
}
