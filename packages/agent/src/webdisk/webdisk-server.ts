import { spawn } from 'node:child_process';
import { createHash, timingSafeEqual } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Logger } from '@hearth/shared';
import { sha512Crypt } from '../mail/sha512-crypt';
import { WebdiskEntry, parseWebdiskLine } from './webdisk-lines';
import type { WebdiskServerConfig } from './webdisk-server-config';
import { requestSegments } from './request-path';
import { multistatus } from './dav-xml';

const READ_METHODS = new Set(['GET', 'HEAD', 'PROPFIND', 'OPTIONS']);
const WRITE_METHODS = new Set(['PUT', 'DELETE', 'MKCOL', 'MOVE']);
const ALLOW = 'OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, MOVE, PROPFIND';
const WORKER = join(__dirname, 'webdisk-worker.js');

/** Verifies a password against a $6$ crypt hash by recomputing it with the same salt and rounds. */
export function verifyCrypt(password: string, hash: string): boolean {
  const m = /^\$6\$(?:rounds=([0-9]+)\$)?([./0-9A-Za-z]{1,16})\$/.exec(hash);
  if (!m) return false;
  const computed = Buffer.from(sha512Crypt(password, m[2], m[1] ? Number(m[1]) : 5000));
  const expected = Buffer.from(hash);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/**
 * hearth-webdisk: WebDAV over HTTPS for Web Disk logins. It authenticates each request
 * (Basic) against the users file the agent writes, enforces ro/rw, refuses any path that
 * names "." or "..", and hands the file operation to a worker process started with the
 * login's hosting-account uid/gid, which checks every path component with lstat and
 * never follows a symlink. The server itself holds no file open in a customer's home.
 */
export class WebdiskServer {
  private server: Server | null = null;
  private users: { mtimeMs: number; size: number; entries: Map<string, WebdiskEntry> } | null = null;
  /** Successful verifications for a minute: SHA-512 crypt is deliberately slow. */
  private readonly verified = new Map<string, number>();

  constructor(private readonly config: WebdiskServerConfig, private readonly log: Logger) {}

  async start(): Promise<{ port: number }> {
    const server = createServer({ cert: readFileSync(this.config.certFile), key: readFileSync(this.config.keyFile) }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        this.log.error({ err: e }, 'request failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => resolve());
    });
    const address = server.address();
    return { port: typeof address === 'object' && address ? address.port : this.config.port };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async entries(): Promise<Map<string, WebdiskEntry>> {
    const st = await fs.stat(this.config.usersFile).catch(() => null);
    if (!st) return new Map();
    if (this.users && this.users.mtimeMs === st.mtimeMs && this.users.size === st.size) return this.users.entries;
    const text = await fs.readFile(this.config.usersFile, 'utf8');
    const entries = new Map<string, WebdiskEntry>();
    for (const line of text.split('\n')) {
      const e = parseWebdiskLine(line);
      if (e) entries.set(`${e.username}@${e.domain}`, e);
    }
    this.users = { mtimeMs: st.mtimeMs, size: st.size, entries };
    return entries;
  }

  private async authenticate(req: IncomingMessage): Promise<WebdiskEntry | null> {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
    if (!m) return null;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return null;
    const login = decoded.slice(0, colon).toLowerCase();
    const password = decoded.slice(colon + 1);
    const entry = (await this.entries()).get(login);
    if (!entry || !entry.enabled) return null;
    const key = createHash('sha256').update(`${login}\0${password}\0${entry.hash}`).digest('hex');
    const until = this.verified.get(key);
    if (until && until > Date.now()) return entry;
    if (!verifyCrypt(password, entry.hash)) return null;
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(key, Date.now() + 60_000);
    return entry;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? '';
    res.setHeader('DAV', '1');
    res.setHeader('MS-Author-Via', 'DAV');
    if (!READ_METHODS.has(method) && !WRITE_METHODS.has(method)) {
      res.writeHead(405, { Allow: ALLOW }).end();
      return;
    }
    const entry = await this.authenticate(req);
    if (!entry) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Web Disk", charset="UTF-8"' }).end('Authentication required\n');
      return;
    }
    if (method === 'OPTIONS') {
      res.writeHead(200, { Allow: ALLOW, 'Content-Length': '0' }).end();
      return;
    }
    const segments = requestSegments(req.url ?? '/');
    if (!segments) {
      req.resume();
      res.writeHead(403).end('Forbidden path\n');
      return;
    }
    if (WRITE_METHODS.has(method) && entry.perms !== 'rw') {
      req.resume();
      res.writeHead(403).end('This Web Disk is read-only\n');
      return;
    }
    const job: Record<string, unknown> = { op: method.toLowerCase(), home: entry.dir.slice(0, entry.dir.length - (entry.homedir === '' ? 0 : entry.homedir.length + 1)), homedir: entry.homedir, segments };
    if (method === 'PROPFIND') job.depth = req.headers.depth === '0' ? 0 : 1;
    if (method === 'MOVE') {
      const dest = this.destination(req);
      if (!dest) {
        res.writeHead(403).end('Forbidden destination\n');
        return;
      }
      job.dest = dest;
    }
    if (method === 'PUT') {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > this.config.maxUploadBytes) {
        req.resume();
        res.writeHead(413).end();
        return;
      }
    }
    await this.runWorker(entry, job, req, res, method);
  }

  private destination(req: IncomingMessage): string[] | null {
    const header = req.headers.destination;
    if (typeof header !== 'string') return null;
    try {
      const url = header.startsWith('/') ? header : new URL(header).pathname;
      const raw = header.startsWith('/') ? header : header.slice(header.indexOf(url, header.indexOf('//') + 2));
      return requestSegments(raw);
    } catch {
      return null;
    }
  }

  private runWorker(entry: WebdiskEntry, job: Record<string, unknown>, req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [WORKER, JSON.stringify(job)], {
        uid: entry.uid, gid: entry.gid, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' }, cwd: '/', stdio: ['pipe', 'pipe', 'ignore'],
      });
      let buffered = Buffer.alloc(0);
      let header: { status: number; size?: number; mtimeMs?: number; message?: string; entries?: never[]; listing?: string[] } | null = null;
      const finish = (): void => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.end();
        resolve();
      };
      child.on('error', (e) => {
        this.log.error({ err: e }, 'worker failed to start');
        finish();
      });
      if (method === 'PUT') req.pipe(child.stdin);
      else {
        req.resume();
        child.stdin.end();
      }
      child.stdin.on('error', () => undefined);
      child.stdout.on('data', (chunk: Buffer) => {
        if (header) {
          if (!res.write(chunk)) child.stdout.pause();
          return;
        }
        buffered = Buffer.concat([buffered, chunk]);
        const nl = buffered.indexOf(10);
        if (nl === -1) return;
        header = JSON.parse(buffered.subarray(0, nl).toString('utf8'));
        const rest = buffered.subarray(nl + 1);
        this.respond(header!, res, method, rest);
      });
      res.on('drain', () => child.stdout.resume());
      child.on('close', () => {
        if (!header) {
          if (!res.headersSent) res.writeHead(500).end();
        } else if (!res.writableEnded) res.end();
        resolve();
      });
    });
  }

  private respond(h: { status: number; size?: number; mtimeMs?: number; message?: string; entries?: never[]; listing?: string[] }, res: ServerResponse, method: string, rest: Buffer): void {
    if (h.status >= 400) {
      res.writeHead(h.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${h.message ?? 'Error'}\n`);
      return;
    }
    if (h.status === 207) {
      const body = multistatus(h.entries ?? []);
      res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
      return;
    }
    if (h.listing) {
      const body = `${h.listing.join('\n')}\n`;
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(h.size ?? 0), 'Last-Modified': new Date(h.mtimeMs ?? 0).toUTCString() });
      if (method === 'HEAD') res.end();
      else if (rest.length) res.write(rest);
      return;
    }
    res.writeHead(h.status, { 'Content-Length': '0' }).end();
  }
}
