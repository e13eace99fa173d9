import { createHash, randomBytes } from 'node:crypto';

/**
 * SHA512-CRYPT ("$6$", Ulrich Drepper's specification), the scheme glibc crypt(3) and
 * Dovecot verify natively. Implemented here so a password never leaves this process:
 * no `doveadm pw` child, nothing in argv or in a pipe another process could read.
 */
const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DEFAULT_ROUNDS = 5000;
/** More rounds than the default: hashing blocks the event loop ~40 ms; a login verifies in a few ms of C. */
export const HEARTH_ROUNDS = 20_000;
const SALT = /^[./0-9A-Za-z]{1,16}$/;

/** Byte order of the final 64-byte digest in the encoded hash (from the specification). */
const ORDER: readonly [number, number, number][] = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
];

function sha512(...parts: Buffer[]): Buffer {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
}

function repeatTo(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

function encode24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let s = '';
  for (let i = 0; i < n; i++) {
    s += ALPHABET[w & 0x3f];
    w >>= 6;
  }
  return s;
}

export function randomSalt(): string {
  const bytes = randomBytes(16);
  return [...bytes].map((b) => ALPHABET[b & 0x3f]).join('');
}

/** The crypt(3) string: $6$[rounds=N$]salt$hash. */
export function sha512Crypt(password: string, salt: string = randomSalt(), rounds: number = HEARTH_ROUNDS): string {
  if (!SALT.test(salt)) throw new Error('invalid salt');
  if (!Number.isInteger(rounds) || rounds < 1000 || rounds > 999_999_999) throw new Error('invalid rounds');
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(salt, 'ascii');
  const B = sha512(P, S, P);
  const a = createHash('sha512').update(P).update(S);
  let i: number;
  for (i = P.length; i > 64; i -= 64) a.update(B);
  a.update(B.subarray(0, i));
  for (i = P.length; i > 0; i >>= 1) a.update(i & 1 ? B : P);
  const A = a.digest();
  const dp = createHash('sha512');
  for (i = 0; i < P.length; i++) dp.update(P);
  const Pp = repeatTo(dp.digest(), P.length);
  const ds = createHash('sha512');
  for (i = 0; i < 16 + A[0]; i++) ds.update(S);
  const Sp = repeatTo(ds.digest(), S.length);
  let C = A;
  for (let r = 0; r < rounds; r++) {
    const h = createHash('sha512');
    h.update(r & 1 ? Pp : C);
    if (r % 3) h.update(Sp);
    if (r % 7) h.update(Pp);
    h.update(r & 1 ? C : Pp);
    C = h.digest();
  }
  const encoded = ORDER.map(([x, y, z]) => encode24(C[x], C[y], C[z], 4)).join('') + encode24(0, 0, C[63], 2);
  const roundsPart = rounds === DEFAULT_ROUNDS ? '' : `rounds=${rounds}$`;
  return `$6$${roundsPart}${salt}$${encoded}`;
}

/** What Dovecot's passwd-file expects in the password field. */
export function dovecotPasswordHash(password: string): string {
  return `{SHA512-CRYPT}${sha512Crypt(password)}`;
}

/** Accepts only what dovecotPasswordHash produces: the users file never holds anything else. */
export const DOVECOT_HASH_PATTERN = /^\{SHA512-CRYPT\}\$6\$(?:rounds=[0-9]{4,9}\$)?[./0-9A-Za-z]{1,16}\$[./0-9A-Za-z]{86}$/;
