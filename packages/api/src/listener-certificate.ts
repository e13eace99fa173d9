import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/**
 * The API's TLS certificate: {tlsDir}/cert.pem and key.pem. When none is configured a
 * self-signed one is generated on first start (the operator can replace it later).
 */
export async function loadOrCreateCertificate(tlsDir: string, hostnames: string[]): Promise<{ cert: string; key: string }> {
  const certFile = join(tlsDir, 'cert.pem');
  const keyFile = join(tlsDir, 'key.pem');
  try {
    return { cert: await fs.readFile(certFile, 'utf8'), key: await fs.readFile(keyFile, 'utf8') };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const pems = selfsigned.generate([{ name: 'commonName', value: hostnames[0] }], {
    keySize: 2048,
    days: 825,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: hostnames.map((h) => (/^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })) }],
  });
  await fs.mkdir(tlsDir, { recursive: true, mode: 0o700 });
  await fs.writeFile(keyFile, pems.private, { mode: 0o600 });
  await fs.writeFile(certFile, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private };
}
