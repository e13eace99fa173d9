import { spawnSync } from 'node:child_process';
import tls from 'node:tls';
import { writeFileSync, readFileSync } from 'node:fs';
import type { Stack } from './stack';

/** `curl --cacert CA --resolve domain:port:127.0.0.1 https://domain:port/path`, as a visitor would. */
export function curlHttps(domain: string, port: number, caFile: string, path = '/'): { ok: boolean; status: number; body: string; error: string } {
  const res = spawnSync('curl', [
    '-sS', '--max-time', '10', '--noproxy', '*', '--cacert', caFile,
    '--resolve', `${domain}:${port}:127.0.0.1`, '-w', '\n%{http_code}', `https://${domain}:${port}${path}`,
  ], { encoding: 'utf8' });
  const out = res.stdout ?? '';
  const cut = out.lastIndexOf('\n');
  return { ok: res.status === 0, status: Number(out.slice(cut + 1)), body: out.slice(0, cut), error: res.stderr ?? '' };
}

/** The serial (lowercase hex) of the certificate nginx serves for `domain` right now. */
export function servedSerial(domain: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: domain, rejectUnauthorized: false }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.end();
      resolve(String(serial).toLowerCase());
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
  });
}

export function sameSerial(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (s: string | null | undefined) => String(s ?? '').toLowerCase().replace(/^0+/, '');
  return norm(a) !== '' && norm(a) === norm(b);
}

/** Polls GET /accounts/{id}/tls until `until` holds (returns that status) or the time is up. */
export async function waitForTls(stack: Stack, id: number, until: (s: any) => boolean, timeoutMs = 60_000): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    const res = await stack.request('GET', `/api/v1/accounts/${id}/tls`);
    last = res.body;
    if (res.status === 200 && until(res.body.data)) return res.body.data;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`TLS status did not reach the expected state; last: ${JSON.stringify(last)}`);
}

/** Rewrites the stack's agent config (the `tls` section) and restarts the agent on it. */
export async function restartAgentWithTls(stack: Stack, tlsSection: Record<string, unknown>): Promise<void> {
  const config = JSON.parse(readFileSync(stack.agentConfigFile, 'utf8'));
  config.tls = tlsSection;
  writeFileSync(stack.agentConfigFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  await stack.stopAgent();
  await stack.startAgent();
}
