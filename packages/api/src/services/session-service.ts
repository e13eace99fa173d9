import { randomUUID } from 'node:crypto';
import { assertValid, createAjv, hashPassword, UnauthorizedError, ValidationError, verifyPassword } from '@hearth/shared';
import type { JwtCodec } from '../http/jwt-codec';
import { ROLE_SCOPES, Principal } from '../http/principal';
import type { KnexSessionStore } from '../stores/knex-session-store';
import type { KnexUserStore, PersonRecord } from '../stores/knex-user-store';
import { LoginThrottle, throttled } from './login-throttle';

const ajv = createAjv();
const validateLogin = ajv.compile<{ login: string; password: string }>({
  type: 'object', additionalProperties: false, required: ['login', 'password'],
  properties: { login: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
});
const validatePasswordChange = ajv.compile<{ current_password: string; new_password: string }>({
  type: 'object', additionalProperties: false, required: ['current_password', 'new_password'],
  properties: { current_password: { type: 'string', maxLength: 1024 }, new_password: { type: 'string', maxLength: 1024, format: 'hearth-password' } },
});

/** Verified against when the login does not exist, so timing does not tell which logins exist. */
const DUMMY_HASH = hashPassword(randomUUID());

/** The Principal of a person, built from the database row (never from the token's claims). */
export function personPrincipal(p: PersonRecord, sessionId?: string): Principal {
  return {
    kind: 'session', role: p.role, personId: p.id, label: p.login, sessionId,
    resellerId: p.role === 'RESALE' ? p.id : null,
    customerId: p.role === 'CUSTOMER' ? p.id : null,
    scopeResellerId: p.role === 'RESALE' ? p.id : p.role === 'CUSTOMER' ? p.reseller_id : null,
    scopes: [...ROLE_SCOPES[p.role]],
  };
}

export interface LoginResult {
  token: string;
  token_type: 'Bearer';
  expires_at: string;
  person: { id: number; login: string; role: string };
}

/**
 * People's sessions: login (an attempt reserved in the shared throttle before the password is checked), a JWT whose jti is
 * a row in `sessions`, logout and password change revoking server-side.
 */
export class SessionService {
  constructor(
    private readonly people: KnexUserStore,
    private readonly sessions: KnexSessionStore,
    private readonly jwt: JwtCodec,
    private readonly throttle: LoginThrottle,
    private readonly ttlSeconds: number,
  ) {}

  async login(body: unknown, sourceIp: string): Promise<LoginResult> {
    const input = assertValid(validateLogin, body);
    const login = input.login.toLowerCase();
    // The attempt is reserved (counted) before the password is looked at: see login-throttle.
    const person = await throttled(this.throttle, login, sourceIp, async () => {
      const found = await this.people.findActiveByLogin(login);
      const ok = await verifyPassword(input.password, found?.password_hash ?? (await DUMMY_HASH));
      return found && ok ? found : null;
    });
    if (!person) throw new UnauthorizedError('Invalid login or password');
    const jti = randomUUID();
    const expires = new Date(Date.now() + this.ttlSeconds * 1000);
    await this.sessions.insert({ jti, person_id: person.id, expires_at: expires, source_ip: sourceIp.slice(0, 45) });
    return {
      token: this.jwt.sign(person.id, person.role, jti, this.ttlSeconds),
      token_type: 'Bearer',
      expires_at: expires.toISOString(),
      person: { id: person.id, login: person.login, role: person.role },
    };
  }

  /** Signature, algorithm, exp/nbf first; then the jti must be a live session of an active person. */
  async authenticate(token: string): Promise<Principal> {
    const claims = this.jwt.verify(token);
    const session = await this.sessions.findActive(claims.jti);
    if (!session || String(session.person_id) !== claims.sub) throw new UnauthorizedError('Session revoked or expired');
    const person = await this.people.get(session.person_id);
    if (!person || person.status !== 'active') throw new UnauthorizedError('Session revoked or expired');
    return personPrincipal(person, session.jti);
  }

  /** GET /auth/me: who is asking, and with which role and scopes. */
  me(p: Principal): object {
    return {
      kind: p.kind, role: p.role, label: p.label, person_id: p.personId, reseller_id: p.resellerId,
      customer_id: p.customerId, scopes: p.scopes, expires_at: null,
    };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.kind !== 'session' || !principal.sessionId) throw new ValidationError('Only a session can log out; revoke API tokens with hearthctl');
    await this.sessions.revoke(principal.sessionId);
  }

  /** Changing one's password ends every session of the person (this one too). */
  async changePassword(principal: Principal, body: unknown): Promise<void> {
    const input = assertValid(validatePasswordChange, body);
    if (principal.kind !== 'session' || principal.personId === null) throw new ValidationError('Only a person can change its password');
    const person = await this.people.get(principal.personId);
    if (!person || !(await verifyPassword(input.current_password, person.password_hash))) {
      throw new ValidationError('Request is invalid', [{ field: 'current_password', message: 'is wrong' }]);
    }
    await this.people.update(person.id, { password_hash: await hashPassword(input.new_password) });
    await this.sessions.revokeAllOf(person.id);
  }
}
