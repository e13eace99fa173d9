import { createServer } from 'node:http2';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { DeadProps } from './dav/dead-props';
import { DiskUsage } from './dav/disk-usage';
import { handleDav } from './dav/dav-handler';
import { LockTable } from './dav/lock-table';
import { SafeTree, STATE_DIR_NAME } from './dav/safe-fs';
import type { DavState } from './dav/dav-context';

/**
 * One Web Disk login's worker: a WebDAV server (HTTP/2 without TLS) on the socket it
 * inherits as fd 3 from hearth-webdisk's launcher, started with the hosting account's own
 * uid/gid (never root), so every file it touches is the account's and it can reach
 * nothing the account could not; SafeTree keeps it inside the login's directory and off
 * symlinks on top of that. It serves one front connection and exits when that closes.
 */
export interface WorkerJob {
  login: string;
  home: string;
  homedir: string;
  readOnly: boolean;
  quotaBytes: number;
  maxPropsBytes: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as WorkerJob;
  const stateDir = join(job.home, STATE_DIR_NAME);
  const socket = new Socket({ fd: 3, readable: true, writable: true });
  socket.on('close', () => process.exit(0));
  socket.on('error', () => process.exit(0));
  let tree: SafeTree;
  try {
    tree = await SafeTree.open(job.home, job.homedir, stateDir);
  } catch (e) {
    // A login directory that is missing or was swapped for a link: refuse every request.
    process.stderr.write(`webdisk-worker ${job.login}: ${(e as Error).message}\n`);
    const refuse = createServer((req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The Web Disk directory is missing or is not a plain directory\n');
    });
    refuse.emit('connection', socket);
    return;
  }
  await tree.removeStaleUploads();
  const props = new DeadProps(stateDir, `${job.login}.props.json`, job.maxPropsBytes);
  await props.load();
  const state: DavState = { tree, props, locks: new LockTable(), usage: new DiskUsage(job.home, job.quotaBytes), readOnly: job.readOnly, maxXmlBytes: 1024 * 1024 };
  const server = createServer({ maxSessionMemory: 64 }, (req, res) => {
    handleDav(state, req, res).catch(() => res.stream.close());
  });
  server.emit('connection', socket);
}

main().catch((e: Error) => {
  process.stderr.write(`webdisk-worker: ${e.message}\n`);
  process.exit(1);
});
