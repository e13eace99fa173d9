import { createPrivateKey, createPublicKey, sign, verify, KeyObject } from 'node:crypto';

/**
 * A Hearth license: a JSON payload signed with Ed25519. The file is
 * {"payload": "<base64 of the payload JSON>", "signature": "<base64>"} so the signed
 * bytes are exactly what was signed, with no canonicalisation to get wrong.
 */
export interface LicensePayload {
  licensee: string;
  /** 0 = unlimited. */
  max_accounts: number;
  /** ISO-8601. */
  expires_at: string;
  issued_at?: string;
}

export interface LicenseFile {
  payload: string;
  signature: string;
}

export type LicenseStatus =
  | { state: 'valid'; payload: LicensePayload }
  | { state: 'expired'; payload: LicensePayload }
  | { state: 'invalid'; reason: string };

export function toPublicKey(pemOrBase64: string): KeyObject {
  if (pemOrBase64.includes('BEGIN')) return createPublicKey(pemOrBase64);
  // Raw 32-byte Ed25519 key: wrap it in the fixed SPKI prefix.
  const raw = Buffer.from(pemOrBase64, 'base64');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

export function signLicense(payload: LicensePayload, privateKeyPem: string): LicenseFile {
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const signature = sign(null, bytes, createPrivateKey(privateKeyPem));
  return { payload: bytes.toString('base64'), signature: signature.toString('base64') };
}

export function verifyLicense(text: string, publicKey: string, now = new Date()): LicenseStatus {
  let file: LicenseFile;
  try {
    file = JSON.parse(text) as LicenseFile;
  } catch {
    return { state: 'invalid', reason: 'not JSON' };
  }
  if (typeof file?.payload !== 'string' || typeof file?.signature !== 'string') return { state: 'invalid', reason: 'missing payload or signature' };
  const bytes = Buffer.from(file.payload, 'base64');
  let ok = false;
  try {
    ok = verify(null, bytes, toPublicKey(publicKey), Buffer.from(file.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return { state: 'invalid', reason: 'bad signature' };
  let payload: LicensePayload;
  try {
    payload = JSON.parse(bytes.toString('utf8')) as LicensePayload;
  } catch {
    return { state: 'invalid', reason: 'payload is not JSON' };
  }
  const expires = Date.parse(payload.expires_at);
  if (!Number.isFinite(expires) || !Number.isInteger(payload.max_accounts) || payload.max_accounts < 0) {
    return { state: 'invalid', reason: 'payload fields are invalid' };
  }
  return expires <= now.getTime() ? { state: 'expired', payload } : { state: 'valid', payload };
}
