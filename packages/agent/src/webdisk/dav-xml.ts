import { hrefOf } from './request-path';

export interface DavEntry {
  segments: string[];
  collection: boolean;
  size: number;
  mtimeMs: number;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The 207 Multi-Status body of a PROPFIND: the live properties WebDAV clients read. */
export function multistatus(entries: DavEntry[]): string {
  const responses = entries.map((e) => {
    const name = e.segments.at(-1) ?? '';
    const props = [
      `<D:displayname>${escapeXml(name)}</D:displayname>`,
      e.collection ? '<D:resourcetype><D:collection/></D:resourcetype>' : '<D:resourcetype/>',
      e.collection ? '' : `<D:getcontentlength>${e.size}</D:getcontentlength>`,
      `<D:getlastmodified>${new Date(e.mtimeMs).toUTCString()}</D:getlastmodified>`,
      e.collection ? '' : `<D:getetag>"${Math.floor(e.mtimeMs).toString(16)}-${e.size.toString(16)}"</D:getetag>`,
    ].join('');
    return `<D:response><D:href>${escapeXml(hrefOf(e.segments, e.collection))}</D:href><D:propstat><D:prop>${props}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">${responses.join('')}</D:multistatus>\n`;
}
