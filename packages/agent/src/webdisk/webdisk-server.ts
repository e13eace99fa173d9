import { createServer, Server } from 'node:https';
import { createServer as createPlainServer, IncomingMessage, Server as PlainServer, ServerResponse } from 'node:http';
import { constants as h2, ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { BODY_COMPLETE_TRAILER } from './body-complete';
import type { Logger } from '@hearth/shared';
import { FrontAuth } from './front-auth';
import { WorkerPool, WorkersBusy } from './worker-pool';
import { ALLOW, WRITE_METHODS } from './dav/dav-methods';

export interface FrontSettings {
  host: string;
  port: number;
  /** Optional plain-HTTP port on the same (loopback) host, for a TLS-terminating proxy in front. */
  httpPort?: number;
  cert: string;
  key: string;
  maxUploadBytes: number;
  requestTimeoutMs: number;
  /** Client addresses whose X-Forwarded-For is believed (a reverse proxy in front). */
  trustedProxies: string[];
}

const METHODS = new Set(ALLOW.split(', '));
/** Request headers a worker needs; everything else (Authorization included) stays in the front. */
const FORWARD = ['depth', 'destination', 'overwrite', 'if', 'lock-token', 'timeout', 'content-type', 'content-length',
  'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'accept'];
/** Response headers not allowed on an HTTP/1.1 hop or owned by the front. */
const DROP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'date']);

/**
 * hearth-webdisk's HTTP front, running as its own unprivileged user: TLS, Basic
 * authentication (FrontAuth), read-only logins, upload size limits, and forwarding of each
 * authenticated request to that login's worker (WorkerPool). It never opens a customer's
 * file. A worker's answer is read by Node's HTTP/2 parser; whatever a worker sends or
 * however it dies, the front answers 502/504 for that request only.
 */
export class WebdiskServer {
  private server: Server | null = null;
  private plain: PlainServer | null = null;

  constructor(private readonly settings: FrontSettings, private readonly auth: FrontAuth, private readonly workers: WorkerPool, private readonly log: Logger) {}

  async start(): Promise<{ port: number; httpPort?: number }> {
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((e: unknown) => {
        this.log.error({ err: e }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-length': '0' }).end();
        else res.destroy();
      });
    };
    const server = createServer({ cert: this.settings.cert, key: this.settings.key, maxHeaderSize: 32 * 1024 }, onRequest);
    // `Expect: 100-continue` is answered only once the request is accepted (authenticated, within
    // limits), so a refused upload gets its final status before any body is sent.
    server.on('checkContinue', onRequest);
    this.server = server;
    const port = await this.listen(server, this.settings.port);
    if (this.settings.httpPort === undefined) return { port };
    const plain = createPlainServer({ maxHeaderSize: 32 * 1024 }, onRequest);
    plain.on('checkContinue', onRequest);
    this.plain = plain;
    return { port, httpPort: await this.listen(plain, this.settings.httpPort) };
  }

  private async listen(server: Server | PlainServer, port: number): Promise<number> {
    server.headersTimeout = 20_000;
    server.requestTimeout = 0;
    server.keepAliveTimeout = 30_000;
    server.on('clientError', (_e, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.settings.host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async stop(): Promise<void> {
    this.workers.closeAll();
    for (const server of [this.server, this.plain]) {
      if (!server) continue;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  }

  private clientAddress(req: IncomingMessage): string {
    const peer = req.socket.remoteAddress ?? 'unknown';
    const fwd = req.headers['x-forwarded-for'];
    if (this.settings.trustedProxies.includes(peer) && typeof fwd === 'string') {
      const last = fwd.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
      if (last) return last;
    }
    return peer;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? '';
    res.setHeader('DAV', '1, 2');
    res.setHeader('MS-Author-Via', 'DAV');
    if (!METHODS.has(method)) {
      this.drain(req);
      res.writeHead(405, { Allow: ALLOW, 'Content-Length': '0' }).end();
      return;
    }
    const result = await this.auth.authenticate(req, this.clientAddress(req));
    if (!result.ok) {
      this.drain(req);
      if (result.status === 429) {
        res.writeHead(429, { 'Retry-After': String(Math.ceil(result.retryAfterMs / 1000)), 'Content-Type': 'text/plain; charset=utf-8' }).end('Too many failed logins; try again later\n');
      } else {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Web Disk", charset="UTF-8"', 'Content-Type': 'text/plain; charset=utf-8' }).end('Authentication required\n');
      }
      return;
    }
    const { entry } = result;
    if (WRITE_METHODS.has(method) && entry.perms !== 'rw') {
      this.drain(req);
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This Web Disk is read-only\n');
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.settings.maxUploadBytes) {
      res.writeHead(413, { 'Content-Length': '0' }).end();
      this.drain(req);
      return;
    }
    const dest = req.headers.destination;
    if (typeof dest === 'string' && /^https?:\/\//i.test(dest)) {
      const host = /^https?:\/\/([^/]+)/i.exec(dest)?.[1]?.toLowerCase();
      if (host !== String(req.headers.host ?? '').toLowerCase()) {
        this.drain(req);
        res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Destination is on another server\n');
        return;
      }
    }
    const login = `${entry.username}@${entry.domain}`;
    let lease;
    try {
      lease = await this.workers.acquire(login, `${entry.uid}:${entry.gid}:${entry.dir}:${entry.perms}`);
    } catch (e) {
      this.drain(req);
      const busy = e instanceof WorkersBusy;
      if (!busy) this.log.error({ err: e, login }, 'Web Disk worker did not start');
      res.writeHead(busy ? 503 : 502, { 'Retry-After': '5', 'Content-Type': 'text/plain; charset=utf-8' }).end(busy ? 'Busy; try again\n' : 'Web Disk worker unavailable\n');
      return;
    }
    try {
      const stream = lease.session.request(this.headersFor(req), { endStream: false, waitForTrailers: true });
      if (/100-continue/i.test(String(req.headers.expect ?? ''))) res.writeContinue();
      await this.forward(req, res, stream);
    } finally {
      lease.release();
    }
  }

  /**
   * Discards the rest of a refused request body so the client can read the answer (closing
   * at once would reset the connection under it), but for a few seconds at most.
   */
  private drain(req: IncomingMessage): void {
    req.resume();
    if (req.complete) return;
    const timer = setTimeout(() => req.socket.destroy(), 5000);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  }

  private headersFor(req: IncomingMessage): Record<string, string> {
    const out: Record<string, string> = { ':method': req.method ?? 'GET', ':path': req.url ?? '/' };
    for (const h of FORWARD) {
      const v = req.headers[h];
      if (typeof v === 'string') out[h] = v;
    }
    return out;
  }

  /** Streams the body to the worker counting bytes, and the worker's answer back. */
  private forward(req: IncomingMessage, res: ServerResponse, stream: ClientHttp2Stream): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      // Set when the body will not be forwarded whole: then no trailer, and the stream is reset.
      let cut = false;
      stream.on('wantTrailers', () => {
        if (cut) stream.close(h2.NGHTTP2_CANCEL);
        else stream.sendTrailers({ [BODY_COMPLETE_TRAILER]: '1' });
      });
      const finish = (status?: number, message?: string): void => {
        if (status !== undefined) {
          cut = true;
          req.unpipe(stream);
          if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
          else res.destroy();
          if (!stream.destroyed) stream.close(h2.NGHTTP2_CANCEL);
          this.drain(req);
        }
        if (done) return;
        done = true;
        resolve();
      };
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > this.settings.maxUploadBytes) {
          req.unpipe(stream);
          finish(413, 'Upload larger than allowed');
          return;
        }
      });
      req.pipe(stream);
      req.on('error', () => finish(400, 'Broken request'));
      stream.setTimeout(this.settings.requestTimeoutMs, () => finish(504, 'The Web Disk worker did not answer in time'));
      stream.on('response', (headers: IncomingHttpHeaders) => {
        const status = Number(headers[':status']);
        if (!Number.isInteger(status) || status < 200 || status > 599) {
          finish(502, 'Bad answer from the Web Disk worker');
          return;
        }
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(headers)) {
          if (k.startsWith(':') || DROP.has(k) || v === undefined) continue;
          out[k] = v;
        }
        if (status >= 400 && !req.complete) {
          // The worker refused (507, 423, ...) before the upload ended: stop forwarding it.
          cut = true;
          req.unpipe(stream);
          this.drain(req);
        }
        try {
          res.writeHead(status, out);
        } catch {
          finish(502, 'Bad answer from the Web Disk worker');
          return;
        }
        stream.pipe(res);
      });
      stream.on('end', () => {
        if (!res.headersSent) finish(502, 'Bad answer from the Web Disk worker');
      });
      res.on('finish', () => finish());
      res.on('close', () => {
        if (!stream.destroyed) stream.close(h2.NGHTTP2_CANCEL);
        finish();
      });
      stream.on('error', () => finish(502, 'The Web Disk worker stopped'));
      stream.on('close', () => {
        if (!res.headersSent) finish(502, 'The Web Disk worker stopped');
        else if (!res.writableEnded) res.destroy();
      });
    });
  }
}
