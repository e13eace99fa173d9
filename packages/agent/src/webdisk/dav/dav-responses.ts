import type { Stats } from 'node:fs';
import { DAV, emptyProp, escapeXml } from './xml-tree';
import { DavLock } from './lock-table';
import { etagOf } from './safe-fs';
import { hrefOf } from '../request-path';
import type { Res } from './dav-context';

export const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n';

export function sendXml(res: Res, status: number, body: string, headers: Record<string, string> = {}): void {
  const text = XML_HEAD + body;
  res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendError(res: Res, status: number, message: string, condition?: string): void {
  if (res.headersSent) {
    res.stream.close();
    return;
  }
  if (condition) sendXml(res, status, `<D:error xmlns:D="DAV:"><D:${condition}/></D:error>`);
  else {
    const body = `${message}\n`;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  }
}

export function statusLine(status: number): string {
  const text: Record<number, string> = { 200: 'OK', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 423: 'Locked', 424: 'Failed Dependency', 507: 'Insufficient Storage' };
  return `HTTP/1.1 ${status} ${text[status] ?? ''}`.trimEnd();
}

export function activeLock(l: DavLock): string {
  const remaining = Math.max(0, Math.round((l.expires - Date.now()) / 1000));
  return `<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:${l.scope}/></D:lockscope>`
    + `<D:depth>${l.depth === 0 ? '0' : 'infinity'}</D:depth>${l.owner}<D:timeout>Second-${remaining}</D:timeout>`
    + `<D:locktoken><D:href>${escapeXml(l.token)}</D:href></D:locktoken>`
    + `<D:lockroot><D:href>${escapeXml(hrefOf(l.path === '' ? [] : l.path.split('/'), false))}</D:href></D:lockroot></D:activelock>`;
}

export const LIVE_PROPS = ['creationdate', 'displayname', 'getcontentlength', 'getcontenttype', 'getetag', 'getlastmodified', 'resourcetype', 'supportedlock', 'lockdiscovery'];

/** A live property's element, or null when the resource has no such property (a collection's length). */
export function liveProp(name: string, segments: string[], st: Stats, locks: DavLock[]): string | null {
  const dir = st.isDirectory();
  switch (name) {
    case 'creationdate': return `<D:creationdate>${new Date(st.birthtimeMs || st.ctimeMs).toISOString()}</D:creationdate>`;
    case 'displayname': return `<D:displayname>${escapeXml(segments.at(-1) ?? '')}</D:displayname>`;
    case 'getcontentlength': return dir ? null : `<D:getcontentlength>${st.size}</D:getcontentlength>`;
    case 'getcontenttype': return dir ? null : '<D:getcontenttype>application/octet-stream</D:getcontenttype>';
    case 'getetag': return `<D:getetag>${escapeXml(etagOf(st))}</D:getetag>`;
    case 'getlastmodified': return `<D:getlastmodified>${new Date(st.mtimeMs).toUTCString()}</D:getlastmodified>`;
    case 'resourcetype': return dir ? '<D:resourcetype><D:collection/></D:resourcetype>' : '<D:resourcetype/>';
    case 'supportedlock': return '<D:supportedlock>'
      + '<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>'
      + '<D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry></D:supportedlock>';
    case 'lockdiscovery': return `<D:lockdiscovery>${locks.map(activeLock).join('')}</D:lockdiscovery>`;
    default: return null;
  }
}

export function propstat(props: string[], status: number): string {
  return props.length ? `<D:propstat><D:prop>${props.join('')}</D:prop><D:status>${statusLine(status)}</D:status></D:propstat>` : '';
}

export function responseXml(segments: string[], collection: boolean, inner: string): string {
  return `<D:response><D:href>${escapeXml(hrefOf(segments, collection))}</D:href>${inner}</D:response>`;
}

export function propNameOf(ns: string, local: string): string {
  return ns === DAV ? `<D:${local}/>` : emptyProp(ns, local);
}
