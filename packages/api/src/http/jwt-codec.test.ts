import { randomUUID, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@hearth/shared';
import { JwtCodec } from './jwt-codec';

const SECRET = 'x'.repeat(40);
const codec = new JwtCodec(SECRET, 'HS256', 'hearth');
const base = () => ({ role: 'ADMIN', sub: '7', jti: randomUUID(), iss: 'hearth', aud: 'hearth-api' });
const now = () => Math.floor(Date.now() / 1000);

function b64(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

describe('JwtCodec', () => {
  test('a token it signed verifies, with its claims', () => {
    const jti = randomUUID();
    const claims = codec.verify(codec.sign(7, 'ADMIN', jti, 60));
    expect(claims).toMatchObject({ sub: '7', jti, role: 'ADMIN' });
    expect(claims.exp - claims.iat).toBe(60);
  });

  const attacks: [string, () => string][] = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...base(), exp: now() + 60 })}.`],
    ['RS256 token (algorithm swap)', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return jwt.sign({ ...base(), exp: now() + 60 }, privateKey, { algorithm: 'RS256' });
    }],
    ['HS512 with the right secret (not the configured algorithm)', () => jwt.sign({ ...base(), exp: now() + 60 }, SECRET, { algorithm: 'HS512' })],
    ['another secret', () => jwt.sign({ ...base(), exp: now() + 60 }, 'y'.repeat(40), { algorithm: 'HS256' })],
    ['expired', () => jwt.sign({ ...base(), exp: now() - 5 }, SECRET, { algorithm: 'HS256' })],
    ['not yet valid', () => jwt.sign({ ...base(), exp: now() + 600, nbf: now() + 300 }, SECRET, { algorithm: 'HS256' })],
    ['no exp', () => jwt.sign(base(), SECRET, { algorithm: 'HS256' })],
    ['no jti', () => jwt.sign({ role: 'ADMIN', sub: '7', iss: 'hearth', aud: 'hearth-api', exp: now() + 60 }, SECRET, { algorithm: 'HS256' })],
    ['wrong audience', () => jwt.sign({ ...base(), aud: 'other', exp: now() + 60 }, SECRET, { algorithm: 'HS256' })],
    ['tampered payload', () => {
      const [h, , s] = codec.sign(7, 'CUSTOMER', randomUUID(), 60).split('.');
      return `${h}.${b64({ ...base(), exp: now() + 60 })}.${s}`;
    }],
    ['tampered signature', () => {
      const t = codec.sign(7, 'ADMIN', randomUUID(), 60);
      const last = t.at(-2) === 'A' ? 'B' : 'A';
      return t.slice(0, -2) + last + t.at(-1);
    }],
    ['garbage', () => 'a.b.c'],
  ];

  test.each(attacks)('refuses %s', (_name, make) => {
    expect(() => codec.verify(make())).toThrow(UnauthorizedError);
  });

  test('refuses a short secret at start-up', () => {
    expect(() => new JwtCodec('short', 'HS256', 'hearth')).toThrow(/32 bytes/);
  });
});
