import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';

/**
 * JSON client of a running Hearth API for the benchmarks. Quickstart serves HTTPS with a
 * self-signed certificate, which fetch refuses (the old bench reported `failed=200` and
 * no reason): this client trusts the certificate given with --ca, or, for a loopback
 * URL without --ca, whatever certificate the local API presents.
 */
export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export type ApiRequest = (method: string, path: string, body?: unknown) => Promise<ApiResponse>;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
}

export function apiClient(baseUrl: string, token: string, caFile?: string): ApiRequest {
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:';
  if (secure && !caFile && !isLoopback(url.hostname)) {
    throw new Error(`${baseUrl} is not on this machine: pass --ca with the API's certificate`);
  }
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 64, ...(caFile ? { ca: readFileSync(caFile) } : { rejectUnauthorized: false }) })
    : new http.Agent({ keepAlive: true, maxSockets: 64 });
  const base = url.pathname.replace(/\/$/, '');
  return (method, path, body) => new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = (secure ? https : http).request({
      host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (secure ? 443 : 80), path: base + path, method, agent,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON: reported as text */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.setTimeout(300_000, () => req.destroy(new Error('no answer within 300 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** One line saying why a request failed: status, error code and message. */
export function failureReason(res: ApiResponse): string {
  const b = res.body as { error?: string; message?: string } | string | null;
  if (b && typeof b === 'object') return `${res.status} ${b.error ?? ''}: ${b.message ?? ''}`.trim();
  return `${res.status} ${String(b ?? '').slice(0, 200)}`;
}
