import { constants, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { DavError } from './dav-error';
import { DeadProps } from './dead-props';
import { DavState, Preconditions, Req, Res, keyOf, readBody } from './dav-context';
import { etagOf } from './safe-fs';
import { BODY_COMPLETE_TRAILER } from '../body-complete';

export async function getOrHead(state: DavState, req: Req, res: Res, segments: string[], head: boolean): Promise<void> {
  const st = await state.tree.plainStat(segments);
  if (!st) throw new DavError(404, 'Not found');
  if (st.isDirectory()) {
    const body = `${(await state.tree.list(segments)).map((e) => e.name + (e.stat.isDirectory() ? '/' : '')).join('\n')}\n`;
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    if (head) res.end();
    else res.end(body);
    return;
  }
  const handle = await state.tree.open(segments, constants.O_RDONLY);
  try {
    const fst = await handle.stat();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(fst.size), 'last-modified': new Date(fst.mtimeMs).toUTCString(), etag: etagOf(fst) });
    if (head) {
      res.end();
      return;
    }
    await pipeline(handle.createReadStream({ autoClose: true }), res);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Counts the body's bytes as they pass and stops the upload the moment it would go over quota. */
function byteLimit(limit: number, counted: { n: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counted.n += chunk.length;
      if (counted.n > limit) done(new DavError(507, 'Over the account\'s disk quota'));
      else done(null, chunk);
    },
  });
}

export async function put(state: DavState, req: Req, res: Res, segments: string[]): Promise<void> {
  if (segments.length === 0) throw new DavError(405, 'Cannot PUT the root collection');
  const st = await state.tree.plainStat(segments);
  if (st?.isDirectory()) throw new DavError(405, 'A collection exists at this URL');
  await new Preconditions(state, req, segments).forWrite(segments, { membership: !st });
  const declared = Number(req.headers['content-length'] ?? 0);
  const before = st?.size ?? 0;
  if (Number.isFinite(declared) && declared > 0) await state.usage.reserve(declared - before);
  const room = (await state.usage.room()) + before;
  // Written aside and renamed over the target only once complete (the old file's mode kept).
  const upload = await state.tree.openUpload(st ? st.mode & 0o7777 : 0o644);
  const counted = { n: 0 };
  try {
    // Exactly the mode asked for, whatever the worker's umask.
    await upload.handle.chmod(st ? st.mode & 0o7777 : 0o644);
    await pipeline(req, byteLimit(room, counted), upload.handle.createWriteStream({ autoClose: true }));
    if (req.trailers[BODY_COMPLETE_TRAILER] !== '1') throw new DavError(400, 'The upload was cut short');
    await state.tree.commitUpload(upload.path, segments);
  } catch (e) {
    await upload.handle.close().catch(() => undefined);
    await fs.unlink(upload.path).catch(() => undefined);
    throw e;
  }
  state.usage.add(counted.n - before);
  res.writeHead(st ? 204 : 201, { 'content-length': '0' });
  res.end();
}

export async function mkcol(state: DavState, req: Req, res: Res, segments: string[]): Promise<void> {
  if ((await readBody(req, 1024 * 1024)).length > 0) throw new DavError(415, 'MKCOL with a body is not supported');
  if (segments.length === 0) throw new DavError(405, 'The root collection exists');
  const st = await state.tree.stat(segments);
  if (st) throw new DavError(405, 'Something exists at this URL');
  await new Preconditions(state, req, segments).forWrite(segments, { membership: true });
  await state.usage.reserve(4096);
  await fs.mkdir(state.tree.pathOf(segments), { mode: 0o755 });
  state.usage.add(4096);
  res.writeHead(201, { 'content-length': '0' });
  res.end();
}

export async function remove(state: DavState, req: Req, res: Res, segments: string[]): Promise<void> {
  if (segments.length === 0) throw new DavError(403, 'Cannot delete the root collection');
  const st = await state.tree.stat(segments);
  if (!st) throw new DavError(404, 'Not found');
  await new Preconditions(state, req, segments).forWrite(segments, { deep: true, membership: true });
  await removePath(state, segments);
  res.writeHead(204);
  res.end();
}

/** Removes a resource, its dead properties and its locks. fs.rm never follows a link: it unlinks it. */
export async function removePath(state: DavState, segments: string[]): Promise<void> {
  const key = keyOf(segments);
  await fs.rm(state.tree.pathOf(segments), { recursive: true, force: true });
  state.locks.dropInside(key);
  if (state.props.hasUnder(key)) await state.props.update((d) => DeadProps.drop(d, key));
}
