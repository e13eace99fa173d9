import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@hearth/shared';

export interface SessionClaims {
  /** Person id. */
  sub: string;
  jti: string;
  role: string;
  iat: number;
  exp: number;
}

const AUDIENCE = 'hearth-api';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Signs and verifies people's session tokens with ONE configured HMAC algorithm.
 * `algorithms: [alg]` makes jsonwebtoken refuse "none" and any other algorithm
 * (an RS/ES token, or a key-confusion swap); exp is required, nbf is honoured, and
 * issuer and audience must match. Revocation is the session store's job (jti).
 */
export class JwtCodec {
  constructor(
    private readonly secret: string,
    private readonly algorithm: 'HS256' | 'HS384' | 'HS512',
    private readonly issuer: string,
  ) {
    if (Buffer.byteLength(secret) < 32) throw new Error('jwt secret must be at least 32 bytes');
  }

  sign(personId: number, role: string, jti: string, ttlSeconds: number): string {
    return jwt.sign({ role }, this.secret, {
      algorithm: this.algorithm, expiresIn: ttlSeconds, subject: String(personId), jwtid: jti, issuer: this.issuer, audience: AUDIENCE,
    });
  }

  verify(token: string): SessionClaims {
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, this.secret, { algorithms: [this.algorithm], issuer: this.issuer, audience: AUDIENCE, clockTolerance: 0 });
    } catch (e) {
      const why = e instanceof jwt.TokenExpiredError ? 'expired' : e instanceof jwt.NotBeforeError ? 'not yet valid' : 'invalid';
      throw new UnauthorizedError(`Session token ${why}`);
    }
    if (typeof claims !== 'object' || typeof claims.exp !== 'number') throw new UnauthorizedError('Session token invalid');
    if (typeof claims.jti !== 'string' || !UUID.test(claims.jti)) throw new UnauthorizedError('Session token invalid');
    if (typeof claims.sub !== 'string' || !/^[1-9][0-9]{0,9}$/.test(claims.sub)) throw new UnauthorizedError('Session token invalid');
    return { sub: claims.sub, jti: claims.jti, role: String(claims.role), iat: Number(claims.iat), exp: claims.exp };
  }
}
