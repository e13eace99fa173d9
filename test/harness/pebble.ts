import { spawn, execFileSync } from 'node:child_process';
import https from 'node:https';
import { promises as fs, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForListening } from './ports';

/**
 * Debian's pebble (a test ACME CA) on loopback ports, with its own TLS certificate made
 * with openssl under `root`. It resolves names through the test PowerDNS (`dnsPort`) and
 * validates HTTP-01 on `httpPort` (the private nginx's HTTP port) of the address it
 * resolved. Its roots are regenerated at every start: `rootPem()` fetches the current one
 * from the management API, for `curl --cacert`.
 */
export interface Pebble {
  directoryUrl: string;
  /** Pebble's own HTTPS certificate: the agent's `tls.caBundle`. */
  caFile: string;
  managementPort: number;
  /** The root that signs issued certificates (PEM), written to rootFile too. */
  rootPem(): Promise<string>;
  rootFile: string;
  /** Pebble's log: one line per request it handles (`POST /order-plz -> calling handler()`). */
  logFile: string;
  stop(): Promise<void>;
}


function get(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
  });
}

/**
 * `alwaysValid`: every challenge passes without Pebble contacting the site (tests of the ACME
 * client alone, with no nginx or DNS behind it).
 */
export async function startPebble(opts: { root: string; httpPort: number; dnsPort: number; alwaysValid?: boolean }): Promise<Pebble> {
  const dir = join(opts.root, 'pebble');
  await fs.mkdir(dir, { recursive: true });
  const cert = join(dir, 'pebble-cert.pem');
  const key = join(dir, 'pebble-key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=pebble test CA listener', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });

  const [port, managementPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'pebble-config.json');
  await fs.writeFile(config, JSON.stringify({
    pebble: {
      listenAddress: `127.0.0.1:${port}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: cert,
      privateKey: key,
      httpPort: opts.httpPort,
      tlsPort,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
    },
  }, null, 2));

  const log = join(dir, 'pebble.log');
  const out = openSync(log, 'w');
  const child = spawn('/usr/bin/pebble', ['-config', config, '-dnsserver', `127.0.0.1:${opts.dnsPort}`], {
    stdio: ['ignore', out, out],
    // No artificial sleeps; no random nonce rejections; every order validates afresh.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0',
      ...(opts.alwaysValid ? { PEBBLE_VA_ALWAYS_VALID: '1' } : {}),
    },
  });
  closeSync(out);
  try {
    await waitForListening('pebble', child, port, () => fs.readFile(log, 'utf8'));
    await waitForListening('pebble', child, managementPort, () => fs.readFile(log, 'utf8'));
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const ca = await fs.readFile(cert, 'utf8');
  const rootFile = join(dir, 'issuing-root.pem');

  return {
    directoryUrl: `https://127.0.0.1:${port}/dir`,
    caFile: cert,
    managementPort,
    rootFile,
    logFile: log,
    async rootPem() {
      const pem = await get(`https://127.0.0.1:${managementPort}/roots/0`, ca);
      await fs.writeFile(rootFile, pem);
      return pem;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
