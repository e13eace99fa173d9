import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { promises as dns } from 'node:dns';

/** One probe's finding: up with what it saw, or down with why. */
export interface ProbeResult {
  up: boolean;
  detail: string;
}

const up = (detail: string): ProbeResult => ({ up: true, detail });
const down = (detail: string): ProbeResult => ({ up: false, detail });

export function splitHostPort(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  if (!m) throw new Error(`not host:port: ${address}`);
  return { host: m[1], port: Number(m[2]) };
}

/** The process named in a pid file exists (signal 0). */
export function pidAlive(pidFile: string): ProbeResult {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return down(`no pid file ${pidFile}`);
  }
  if (!Number.isInteger(pid) || pid <= 0) return down(`bad pid file ${pidFile}`);
  try {
    process.kill(pid, 0);
    return up(`pid ${pid}`);
  } catch {
    return down(`pid ${pid} from ${pidFile} is not running`);
  }
}

/** Connects and reads the greeting; up when it starts with `banner` (any greeting when empty). */
export function tcpBanner(address: string, banner: string, timeoutMs: number): Promise<ProbeResult> {
  const { host, port } = splitHostPort(address);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (r: ProbeResult): void => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => finish(down(`${address}: no greeting within ${timeoutMs} ms`)));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(down(`${address}: ${e.code ?? e.message}`)));
    socket.once('data', (data) => {
      const line = data.toString('utf8').split(/\r?\n/)[0].slice(0, 60);
      finish(line.startsWith(banner) ? up(`${address} "${line}"`) : down(`${address} unexpected greeting "${line}"`));
    });
  });
}

/** A TLS handshake succeeds (the certificate is not checked: this is a liveness probe). */
export function tlsHandshake(address: string, timeoutMs: number): Promise<ProbeResult> {
  const { host, port } = splitHostPort(address);
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, servername: host === '127.0.0.1' ? undefined : host });
    const finish = (r: ProbeResult): void => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => finish(down(`${address}: no TLS handshake within ${timeoutMs} ms`)));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(down(`${address}: ${e.code ?? e.message}`)));
    socket.once('secureConnect', () => finish(up(`${address} TLS handshake`)));
  });
}

/** The DNS server answers a query (any answer, NXDOMAIN included, means it serves). */
export async function dnsAnswers(address: string, timeoutMs: number): Promise<ProbeResult> {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([address]);
  try {
    await resolver.resolveSoa('hearth-probe.invalid');
    return up(`${address} answered`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (['ENOTFOUND', 'ENODATA', 'EREFUSED', 'ESERVFAIL', 'ENOTIMP'].includes(code)) return up(`${address} answered (${code})`);
    return down(`${address}: ${code || (e as Error).message}`);
  }
}

/** GET url (self-signed certificates accepted: a loopback probe); up on 200. */
export function httpOk(url: string, timeoutMs: number): Promise<ProbeResult> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve) => {
    const req = client.get(url, { rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c.slice(0, 500); });
      res.on('end', () => resolve(res.statusCode === 200 ? up(`${url} 200`) : down(`${url} ${res.statusCode} ${body.slice(0, 120)}`)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(down(`${url}: ${e.code ?? e.message}`)));
  });
}

/** `systemctl is-active UNIT`. */
export function unitActive(unit: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile('systemctl', ['is-active', unit], { timeout: 5000 }, (err, stdout) => {
      const state = stdout.trim() || (err ? err.message : 'unknown');
      resolve(state === 'active' ? up('active') : down(state));
    });
  });
}

/** Runs `probe`, failing it after `timeoutMs` whatever it does. */
export async function withTimeout(probe: Promise<ProbeResult>, timeoutMs: number, what: string): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve(down(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([probe.catch((e: Error) => down(`${what}: ${e.message}`)), late]);
  } finally {
    clearTimeout(timer);
  }
}
