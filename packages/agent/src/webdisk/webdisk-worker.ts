import { constants, createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { join } from 'node:path';

/**
 * One Web Disk file operation, run by hearth-webdisk as the hosting account's own
 * uid/gid (never root), so every file it creates belongs to that user and it can touch
 * nothing the user could not. It also never leaves the login's directory: every
 * component from the home down is checked with lstat (a symlink anywhere on the path is
 * refused), and files are opened with O_NOFOLLOW. The answer is one JSON line on stdout
 * ({status, ...}), followed by the file's bytes for GET.
 */
interface Job {
  op: 'get' | 'head' | 'put' | 'delete' | 'mkcol' | 'propfind' | 'move';
  home: string;
  homedir: string;
  segments: string[];
  dest?: string[];
  depth?: 0 | 1;
}

class Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function answer(header: object): void {
  process.stdout.write(`${JSON.stringify(header)}\n`);
}

/** The login's root: {home}/{homedir}, each component a real directory (no symlink). */
async function rootOf(job: Job): Promise<string> {
  let path = job.home;
  const parts = job.homedir === '' ? [] : job.homedir.split('/');
  for (const p of ['', ...parts]) {
    path = p === '' ? path : join(path, p);
    const st = await fs.lstat(path).catch(() => null);
    if (!st || st.isSymbolicLink() || !st.isDirectory()) throw new Refused(403, 'The Web Disk directory is missing or is not a plain directory');
  }
  return path;
}

/** Walks to the parent of the last segment, refusing symlinks and non-directories on the way. */
async function parentOf(root: string, segments: string[]): Promise<string> {
  let path = root;
  for (const s of segments.slice(0, -1)) {
    path = join(path, s);
    const st = await fs.lstat(path).catch(() => null);
    if (!st) throw new Refused(409, 'A parent collection does not exist');
    if (st.isSymbolicLink()) throw new Refused(403, 'Symbolic links are not followed');
    if (!st.isDirectory()) throw new Refused(409, 'A parent is not a collection');
  }
  return path;
}

async function target(root: string, segments: string[]): Promise<{ path: string; stat: import('node:fs').Stats | null }> {
  if (segments.length === 0) return { path: root, stat: await fs.lstat(root) };
  const path = join(await parentOf(root, segments), segments[segments.length - 1]);
  const stat = await fs.lstat(path).catch(() => null);
  if (stat?.isSymbolicLink()) throw new Refused(403, 'Symbolic links are not followed');
  return { path, stat };
}

async function run(job: Job): Promise<void> {
  const root = await rootOf(job);
  switch (job.op) {
    case 'get':
    case 'head': {
      const { path, stat } = await target(root, job.segments);
      if (!stat) throw new Refused(404, 'Not found');
      if (stat.isDirectory()) {
        const names = (await fs.readdir(path)).sort();
        answer({ status: 200, type: 'text/plain; charset=utf-8', listing: names });
        return;
      }
      if (!stat.isFile()) throw new Refused(403, 'Not a regular file');
      const handle = await fs.open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      answer({ status: 200, size: stat.size, mtimeMs: stat.mtimeMs });
      if (job.op === 'head') {
        await handle.close();
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream('', { fd: handle.fd, autoClose: true });
        stream.on('error', reject);
        stream.on('end', resolve);
        stream.pipe(process.stdout, { end: false });
      });
      return;
    }
    case 'put': {
      if (job.segments.length === 0) throw new Refused(405, 'Cannot PUT the root collection');
      const { path, stat } = await target(root, job.segments);
      if (stat && !stat.isFile()) throw new Refused(405, 'Not a regular file');
      const handle = await fs.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
      await new Promise<void>((resolve, reject) => {
        const out = createWriteStream('', { fd: handle.fd, autoClose: true });
        out.on('error', reject);
        out.on('finish', resolve);
        process.stdin.pipe(out);
      });
      answer({ status: stat ? 204 : 201 });
      return;
    }
    case 'mkcol': {
      if (job.segments.length === 0) throw new Refused(405, 'The root exists');
      const { path, stat } = await target(root, job.segments);
      if (stat) throw new Refused(405, 'Already exists');
      await fs.mkdir(path, { mode: 0o755 });
      answer({ status: 201 });
      return;
    }
    case 'delete': {
      if (job.segments.length === 0) throw new Refused(403, 'Cannot delete the root collection');
      const parent = await parentOf(root, job.segments);
      const path = join(parent, job.segments[job.segments.length - 1]);
      const stat = await fs.lstat(path).catch(() => null);
      if (!stat) throw new Refused(404, 'Not found');
      // rm never follows symlinks: a link inside is removed, not its target.
      await fs.rm(path, { recursive: true, force: true });
      answer({ status: 204 });
      return;
    }
    case 'move': {
      if (job.segments.length === 0 || !job.dest || job.dest.length === 0) throw new Refused(403, 'Cannot move the root collection');
      const from = await target(root, job.segments);
      if (!from.stat) throw new Refused(404, 'Not found');
      const to = await target(root, job.dest);
      await fs.rename(from.path, to.path);
      answer({ status: to.stat ? 204 : 201 });
      return;
    }
    case 'propfind': {
      const { path, stat } = await target(root, job.segments);
      if (!stat) throw new Refused(404, 'Not found');
      const entries = [{ segments: job.segments, collection: stat.isDirectory(), size: stat.size, mtimeMs: stat.mtimeMs }];
      if (stat.isDirectory() && job.depth === 1) {
        for (const name of (await fs.readdir(path)).sort()) {
          const st = await fs.lstat(join(path, name)).catch(() => null);
          if (!st || st.isSymbolicLink() || !(st.isFile() || st.isDirectory())) continue;
          entries.push({ segments: [...job.segments, name], collection: st.isDirectory(), size: st.size, mtimeMs: st.mtimeMs });
        }
      }
      answer({ status: 207, entries });
      return;
    }
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
run(job).catch((e: unknown) => {
  if (e instanceof Refused) answer({ status: e.status, message: e.message });
  else {
    const code = (e as NodeJS.ErrnoException).code;
    const status = code === 'ELOOP' ? 403 : code === 'EACCES' || code === 'EPERM' ? 403 : code === 'ENOENT' ? 409 : code === 'ENOSPC' || code === 'EDQUOT' ? 507 : 500;
    answer({ status, message: status === 500 ? 'Internal error' : String(code) });
  }
});
