import { constants } from 'node:fs';
import { DavError } from './dav-error';
import { DavState, Preconditions, Req, Res, keyOf, readBody } from './dav-context';
import { parseTimeout } from './lock-table';
import { activeLock, sendXml } from './dav-responses';
import { DAV, MalformedXml, XmlElement, child, escapeXml, parseXml, serialize } from './xml-tree';

function ownerXml(owner: XmlElement | undefined): string {
  if (!owner) return '';
  const counter = { n: 0 };
  return `<D:owner>${owner.children.map((c) => (typeof c === 'string' ? escapeXml(c) : serialize(c, counter))).join('')}</D:owner>`;
}

/** LOCK (RFC 4918 §9.10): a new exclusive or shared write lock, or a refresh through the If header. */
export async function lock(state: DavState, req: Req, res: Res, segments: string[]): Promise<void> {
  const text = await readBody(req, state.maxXmlBytes);
  const key = keyOf(segments);
  const timeout = parseTimeout(typeof req.headers.timeout === 'string' ? req.headers.timeout : undefined);
  const pre = new Preconditions(state, req, segments);
  if (text.trim() === '') {
    // Refresh: the If header names the lock; the resource must be inside its scope.
    if (!pre.lists) throw new DavError(400, 'A lock refresh needs an If header');
    await pre.checkIf();
    const found = state.locks.covering(key).find((l) => pre.tokens.has(l.token));
    if (!found) throw new DavError(412, 'No lock of this resource was named', 'lock-token-matches-request-uri');
    state.locks.refresh(found, timeout);
    sendXml(res, 200, `<D:prop xmlns:D="DAV:"><D:lockdiscovery>${activeLock(found)}</D:lockdiscovery></D:prop>`);
    return;
  }
  let info: XmlElement;
  try {
    info = parseXml(text);
  } catch (e) {
    if (e instanceof MalformedXml) throw new DavError(400, 'Malformed XML body');
    throw e;
  }
  if (info.ns !== DAV || info.local !== 'lockinfo') throw new DavError(400, 'Expected DAV:lockinfo');
  const scopeEl = child(info, 'lockscope');
  const scope = scopeEl && child(scopeEl, 'exclusive') ? 'exclusive' : scopeEl && child(scopeEl, 'shared') ? 'shared' : null;
  const typeEl = child(info, 'locktype');
  if (!scope || !typeEl || !child(typeEl, 'write')) throw new DavError(400, 'Only exclusive or shared write locks exist');
  const depthHeader = String(req.headers.depth ?? 'infinity').toLowerCase();
  if (depthHeader !== '0' && depthHeader !== 'infinity') throw new DavError(400, 'Invalid Depth for LOCK');
  const depth = depthHeader === '0' ? 0 : 'infinity';
  const st = await state.tree.plainStat(segments);
  await pre.checkIf();
  if (state.locks.conflicts(key, depth, scope)) throw new DavError(423, 'The resource is locked', 'no-conflicting-lock');
  let created = false;
  if (!st) {
    // Locking an unmapped URL creates an empty resource (§9.10.4).
    pre.requireTokens([{ key: keyOf(segments.slice(0, -1)) }]);
    if (segments.length === 0) throw new DavError(409, 'No root');
    const handle = await state.tree.open(segments, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
    await handle.close();
    created = true;
  }
  const l = state.locks.create(key, st?.isDirectory() ? depth : 0, scope, ownerXml(child(info, 'owner')), timeout);
  sendXml(res, created ? 201 : 200, `<D:prop xmlns:D="DAV:"><D:lockdiscovery>${activeLock(l)}</D:lockdiscovery></D:prop>`, { 'lock-token': `<${l.token}>` });
}

export async function unlock(state: DavState, req: Req, res: Res, segments: string[]): Promise<void> {
  req.resume();
  const m = /^\s*<([^>]+)>\s*$/.exec(String(req.headers['lock-token'] ?? ''));
  if (!m) throw new DavError(400, 'Missing Lock-Token');
  const found = state.locks.covering(keyOf(segments)).find((l) => l.token === m[1]);
  if (!found) throw new DavError(409, 'That lock does not cover this resource', 'lock-token-matches-request-uri');
  state.locks.remove(found.token);
  res.writeHead(204);
  res.end();
}
