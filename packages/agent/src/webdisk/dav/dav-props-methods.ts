import { DavError } from './dav-error';
import type { PropMap } from './dead-props';
import { DavState, Preconditions, Req, Res, keyOf, readBody } from './dav-context';
import { LIVE_PROPS, liveProp, propNameOf, propstat, responseXml, sendXml } from './dav-responses';
import { DAV, MalformedXml, XmlElement, child, clark, elements, escapeXml, parseClark, parseXml, propElement, serialize } from './xml-tree';
import type { Stats } from 'node:fs';

type Wanted = { kind: 'allprop' | 'propname'; names?: undefined } | { kind: 'prop'; names: { ns: string; local: string }[] };

function parseBody(text: string): XmlElement | null {
  if (text.trim() === '') return null;
  try {
    return parseXml(text);
  } catch (e) {
    if (e instanceof MalformedXml) throw new DavError(400, 'Malformed XML body');
    throw e;
  }
}

function wantedOf(body: XmlElement | null): Wanted {
  if (!body) return { kind: 'allprop' };
  if (body.ns !== DAV || body.local !== 'propfind') throw new DavError(400, 'Expected DAV:propfind');
  if (child(body, 'allprop')) return { kind: 'allprop' };
  if (child(body, 'propname')) return { kind: 'propname' };
  const prop = child(body, 'prop');
  if (!prop) throw new DavError(400, 'DAV:propfind needs prop, allprop or propname');
  return { kind: 'prop', names: elements(prop).map((e) => ({ ns: e.ns, local: e.local })) };
}

function responseFor(state: DavState, segments: string[], st: Stats, wanted: Wanted): string {
  const key = keyOf(segments);
  const dead: PropMap = state.props.get(key);
  const locks = state.locks.covering(key);
  if (wanted.kind === 'propname') {
    const names = [...LIVE_PROPS.filter((n) => liveProp(n, segments, st, locks) !== null).map((n) => `<D:${n}/>`),
      ...Object.keys(dead).map((k) => { const { ns, local } = parseClark(k); return propNameOf(ns, local); })];
    return responseXml(segments, st.isDirectory(), propstat(names, 200));
  }
  if (wanted.kind === 'allprop') {
    const found = [...LIVE_PROPS.map((n) => liveProp(n, segments, st, locks)).filter((v): v is string => v !== null), ...Object.values(dead)];
    return responseXml(segments, st.isDirectory(), propstat(found, 200));
  }
  const found: string[] = [];
  const missing: string[] = [];
  for (const { ns, local } of wanted.names ?? []) {
    const live = ns === DAV ? liveProp(local, segments, st, locks) : null;
    const value = live ?? dead[clark(ns, local)];
    if (value) found.push(value);
    else missing.push(propNameOf(ns, local));
  }
  return responseXml(segments, st.isDirectory(), propstat(found, 200) + propstat(missing, 404));
}

export async function propfind(state: DavState, req: Req, res: Res, segments: string[]): Promise<void> {
  const wanted = wantedOf(parseBody(await readBody(req, state.maxXmlBytes)));
  const depthHeader = String(req.headers.depth ?? 'infinity').toLowerCase();
  if (depthHeader !== '0' && depthHeader !== '1') throw new DavError(403, 'Depth infinity is not supported', 'propfind-finite-depth');
  const st = await state.tree.plainStat(segments);
  if (!st) throw new DavError(404, 'Not found');
  const parts = [responseFor(state, segments, st, wanted)];
  if (st.isDirectory() && depthHeader === '1') {
    for (const { name, stat } of await state.tree.list(segments)) parts.push(responseFor(state, [...segments, name], stat, wanted));
  }
  sendXml(res, 207, `<D:multistatus xmlns:D="DAV:">${parts.join('')}</D:multistatus>`);
}

export async function proppatch(state: DavState, req: Req, res: Res, segments: string[]): Promise<void> {
  const body = parseBody(await readBody(req, state.maxXmlBytes));
  if (!body || body.ns !== DAV || body.local !== 'propertyupdate') throw new DavError(400, 'Expected DAV:propertyupdate');
  const st = await state.tree.plainStat(segments);
  if (!st) throw new DavError(404, 'Not found');
  await new Preconditions(state, req, segments).forWrite(segments);
  const key = keyOf(segments);
  const ops: { set: boolean; el: XmlElement }[] = [];
  for (const instr of elements(body)) {
    if (instr.ns !== DAV || (instr.local !== 'set' && instr.local !== 'remove')) throw new DavError(400, 'Unknown instruction in propertyupdate');
    const prop = child(instr, 'prop');
    if (!prop) throw new DavError(400, 'DAV:set and DAV:remove need DAV:prop');
    for (const el of elements(prop)) ops.push({ set: instr.local === 'set', el });
  }
  const forbidden = ops.filter((o) => o.el.ns === DAV && LIVE_PROPS.includes(o.el.local));
  const names = (list: { el: XmlElement }[]): string[] => list.map((o) => propNameOf(o.el.ns, o.el.local));
  if (forbidden.length) {
    const rest = ops.filter((o) => !forbidden.includes(o));
    sendXml(res, 207, `<D:multistatus xmlns:D="DAV:">${responseXml(segments, st.isDirectory(), propstat(names(forbidden), 403) + propstat(names(rest), 424))}</D:multistatus>`);
    return;
  }
  const values = ops.map(({ set, el }) => (set ? propElement(el.ns, el.local, serializeChildren(el), el.lang) : null));
  // Dead properties live in a file in the account's home: they take room in its quota too.
  await state.usage.reserve(values.reduce((n, v) => n + (v ? Buffer.byteLength(v) : 0), 0));
  await state.props.update((data) => {
    const map: PropMap = { ...(data[key] ?? {}) };
    ops.forEach(({ el }, i) => {
      const k = clark(el.ns, el.local);
      const v = values[i];
      if (v !== null) map[k] = v;
      else delete map[k];
    });
    data[key] = map;
  });
  sendXml(res, 207, `<D:multistatus xmlns:D="DAV:">${responseXml(segments, st.isDirectory(), propstat(names(ops), 200))}</D:multistatus>`);
}

/** A property's value: its children, each element carrying its own namespace declarations. */
function serializeChildren(el: XmlElement): string {
  const counter = { n: 0 };
  return el.children.map((c) => (typeof c === 'string' ? escapeXml(c) : serialize(c, counter))).join('');
}
