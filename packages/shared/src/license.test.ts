import { generateKeyPairSync } from 'node:crypto';
import { signLicense, verifyLicense } from './license';

const keys = generateKeyPairSync('ed25519');
const pub = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const priv = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rawPub = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
const future = new Date(Date.now() + 86_400_000).toISOString();

describe('licenses', () => {
  test('a signed license verifies with the PEM or the raw base64 public key', () => {
    const text = JSON.stringify(signLicense({ licensee: 'x', max_accounts: 10, expires_at: future }, priv));
    expect(verifyLicense(text, pub).state).toBe('valid');
    expect(verifyLicense(text, rawPub).state).toBe('valid');
  });
  test('expired, tampered, forged and garbage licenses are not valid', () => {
    const expired = JSON.stringify(signLicense({ licensee: 'x', max_accounts: 10, expires_at: '2020-01-01T00:00:00Z' }, priv));
    expect(verifyLicense(expired, pub).state).toBe('expired');
    const file = signLicense({ licensee: 'x', max_accounts: 10, expires_at: future }, priv);
    const tampered = { ...file, payload: Buffer.from(JSON.stringify({ licensee: 'x', max_accounts: 0, expires_at: future })).toString('base64') };
    expect(verifyLicense(JSON.stringify(tampered), pub)).toMatchObject({ state: 'invalid', reason: 'bad signature' });
    const other = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(verifyLicense(JSON.stringify(signLicense({ licensee: 'x', max_accounts: 1, expires_at: future }, other)), pub).state).toBe('invalid');
    expect(verifyLicense('not json', pub).state).toBe('invalid');
    expect(verifyLicense('{}', pub).state).toBe('invalid');
  });
});
