import { X509Certificate, createPrivateKey, KeyObject } from 'node:crypto';
import { ValidationError } from '@hearth/shared';

/** What the status reports about a certificate. */
export interface CertificateInfo {
  serial: string;
  notBefore: string;
  notAfter: string;
  names: string[];
}

const MAX_CHAIN_CHARS = 64 * 1024;
const MAX_KEY_CHARS = 16 * 1024;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function describeCertificate(cert: X509Certificate): CertificateInfo {
  const names = (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
  return {
    serial: cert.serialNumber.toLowerCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    names,
  };
}

/** The certificates of a PEM chain, leaf first. Throws on anything that is not one. */
export function parseChain(pem: string): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

export interface CheckedUpload {
  /** Re-encoded from the parsed objects: nothing but PEM reaches the disk. */
  fullchain: string;
  privkey: string;
  info: CertificateInfo;
}

function refuse(field: string, message: string): never {
  throw new ValidationError('The certificate cannot be used for this domain', [{ field, message }]);
}

/**
 * Checks an uploaded certificate and key before anything is written: the chain parses,
 * the key parses (unencrypted) and is the certificate's, the certificate names the
 * domain (exactly or by wildcard), and it is valid now. Every refusal is a
 * ValidationError naming the field (→ 422).
 */
export function checkUpload(domain: string, certificatePem: unknown, keyPem: unknown, now = new Date()): CheckedUpload {
  if (typeof certificatePem !== 'string' || certificatePem.length === 0 || certificatePem.length > MAX_CHAIN_CHARS) {
    refuse('certificate', `must be a PEM certificate chain of at most ${MAX_CHAIN_CHARS} characters`);
  }
  if (typeof keyPem !== 'string' || keyPem.length === 0 || keyPem.length > MAX_KEY_CHARS) {
    refuse('private_key', `must be a PEM private key of at most ${MAX_KEY_CHARS} characters`);
  }
  let chain: X509Certificate[];
  try {
    chain = parseChain(certificatePem);
  } catch {
    return refuse('certificate', 'is not a valid PEM certificate');
  }
  if (chain.length === 0) refuse('certificate', 'contains no PEM certificate');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch {
    return refuse('private_key', 'is not an unencrypted PEM private key');
  }
  const leaf = chain[0];
  if (!leaf.checkPrivateKey(key)) refuse('private_key', 'does not match the certificate');
  if (leaf.checkHost(domain, { subject: 'default' }) === undefined) refuse('certificate', `does not cover ${domain}`);
  if (new Date(leaf.validFrom).getTime() > now.getTime()) refuse('certificate', 'is not valid yet');
  if (new Date(leaf.validTo).getTime() <= now.getTime()) refuse('certificate', 'has expired');
  return {
    fullchain: chain.map((c) => c.toString().trim()).join('\n') + '\n',
    privkey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    info: describeCertificate(leaf),
  };
}
