import { DavError, statusOfErrno } from './dav-error';
import { DavState, Req, Res } from './dav-context';
import { copyOrMove } from './dav-copy-move';
import { getOrHead, mkcol, put, remove } from './dav-file-methods';
import { lock, unlock } from './dav-lock-methods';
import { propfind, proppatch } from './dav-props-methods';
import { sendError } from './dav-responses';
import { requestSegments } from '../request-path';
import { ALLOW, WRITE_METHODS } from './dav-methods';


/** One WebDAV request inside a login's worker: dispatch, and every failure as a status. */
export async function handleDav(state: DavState, req: Req, res: Res): Promise<void> {
  const method = req.method;
  res.setHeader('dav', '1, 2');
  res.setHeader('ms-author-via', 'DAV');
  try {
    const segments = requestSegments(req.url);
    if (!segments) throw new DavError(403, 'Forbidden path');
    if (WRITE_METHODS.has(method) && state.readOnly) throw new DavError(403, 'This Web Disk is read-only');
    switch (method) {
      case 'OPTIONS':
        req.resume();
        res.writeHead(200, { allow: ALLOW, 'content-length': '0' });
        res.end();
        return;
      case 'GET': return await getOrHead(state, req, res, segments, false);
      case 'HEAD': return await getOrHead(state, req, res, segments, true);
      case 'PUT': return await put(state, req, res, segments);
      case 'DELETE': return await remove(state, req, res, segments);
      case 'MKCOL': return await mkcol(state, req, res, segments);
      case 'COPY': return await copyOrMove(state, req, res, segments, false);
      case 'MOVE': return await copyOrMove(state, req, res, segments, true);
      case 'PROPFIND': return await propfind(state, req, res, segments);
      case 'PROPPATCH': return await proppatch(state, req, res, segments);
      case 'LOCK': return await lock(state, req, res, segments);
      case 'UNLOCK': return await unlock(state, req, res, segments);
      default:
        res.writeHead(405, { allow: ALLOW, 'content-length': '0' });
        res.end();
    }
  } catch (e) {
    req.resume();
    if (e instanceof DavError) sendError(res, e.status, e.message, e.condition);
    else {
      const status = statusOfErrno(e);
      sendError(res, status, status === 500 ? 'Internal error' : String((e as NodeJS.ErrnoException).code));
    }
  }
}
