import { constants, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DavError } from './dav-error';
import { DeadProps } from './dead-props';
import { DavState, Preconditions, Req, Res, keyOf, pathOfUrl } from './dav-context';
import { removePath } from './dav-file-methods';

async function sizeOf(state: DavState, segments: string[], depth: number): Promise<number> {
  const st = await state.tree.plainStat(segments);
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 4096;
  if (depth === 0) return total;
  for (const { name } of await state.tree.list(segments)) total += await sizeOf(state, [...segments, name], depth);
  return total;
}

/** Copies a file or a collection (members too unless `shallow`), skipping links; never overwrites. */
async function copyTree(state: DavState, from: string[], to: string[], shallow: boolean): Promise<void> {
  const st = await state.tree.plainStat(from);
  if (!st) return;
  if (st.isDirectory()) {
    await fs.mkdir(state.tree.pathOf(to), { mode: 0o755 });
    if (shallow) return;
    for (const { name } of await state.tree.list(from)) await copyTree(state, [...from, name], [...to, name], false);
    return;
  }
  const src = await state.tree.open(from, constants.O_RDONLY);
  try {
    const dst = await state.tree.open(to, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
    try {
      await pipeline(src.createReadStream({ autoClose: true }), dst.createWriteStream({ autoClose: true }));
    } finally {
      await dst.close().catch(() => undefined);
    }
  } finally {
    await src.close().catch(() => undefined);
  }
}

/** COPY and MOVE (RFC 4918 §9.8, §9.9): Destination on this server, Depth, Overwrite. */
export async function copyOrMove(state: DavState, req: Req, res: Res, segments: string[], move: boolean): Promise<void> {
  const header = req.headers.destination;
  const dest = typeof header === 'string' ? pathOfUrl(header) : null;
  if (!dest) throw new DavError(400, 'Missing or invalid Destination');
  if (segments.length === 0 || dest.length === 0) throw new DavError(403, 'Cannot copy or move the root collection');
  const src = await state.tree.plainStat(segments);
  if (!src) throw new DavError(404, 'Not found');
  const from = keyOf(segments);
  const to = keyOf(dest);
  if (from === to) throw new DavError(403, 'Source and destination are the same');
  if (to.startsWith(`${from}/`)) throw new DavError(403, 'Cannot copy or move a collection into itself');
  const depth = String(req.headers.depth ?? 'infinity').toLowerCase();
  if (move ? depth !== 'infinity' : depth !== '0' && depth !== 'infinity') throw new DavError(400, 'Invalid Depth');
  const overwrite = String(req.headers.overwrite ?? 'T').toUpperCase();
  if (overwrite !== 'T' && overwrite !== 'F') throw new DavError(400, 'Invalid Overwrite');
  const existing = await state.tree.stat(dest);
  if (existing && overwrite === 'F') throw new DavError(412, 'The destination exists and Overwrite is F');
  const pre = new Preconditions(state, req, segments);
  await pre.checkIf();
  if (move) pre.requireTokens([{ key: from, deep: true }, { key: keyOf(segments.slice(0, -1)) }]);
  pre.requireTokens([{ key: to, deep: true }, { key: keyOf(dest.slice(0, -1)) }]);
  if (!move) await state.usage.reserve(await sizeOf(state, segments, depth === '0' ? 0 : 1));
  if (existing) await removePath(state, dest);
  if (move) {
    await fs.rename(state.tree.pathOf(segments), state.tree.pathOf(dest));
    state.locks.dropInside(from);
  } else {
    await copyTree(state, segments, dest, depth === '0');
  }
  if (state.props.hasUnder(from) || state.props.hasUnder(to)) {
    await state.props.update((d) => {
      DeadProps.drop(d, to);
      DeadProps.relocate(d, from, to, !move);
    });
  }
  res.writeHead(existing ? 204 : 201, { 'content-length': '0' });
  res.end();
}
