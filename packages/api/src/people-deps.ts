import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from '@hearth/shared';
import type { ApiConfig } from './config';
import { JwtCodec } from './http/jwt-codec';
import { KnexUserStore } from './stores/knex-user-store';
import { KnexSessionStore } from './stores/knex-session-store';
import { KnexAuditStore } from './stores/knex-audit-store';
import type { KnexAccountStore } from './stores/knex-account-store';
import { throttleRules } from './services/login-throttle';
import { KnexLoginThrottle } from './stores/knex-login-throttle';
import { SessionService } from './services/session-service';
import { PeopleService } from './services/people-service';
import { CustomerService } from './services/customer-service';
import { AuditService } from './services/audit-service';

export interface PeopleDeps {
  sessions: SessionService;
  people: PeopleService;
  customers: CustomerService;
  audit: AuditService;
  userStore: KnexUserStore;
  /** One throttle for every password login the API checks (panel, UAPI Basic). */
  loginThrottle: KnexLoginThrottle;
}

/** The audit log's database: `<panel db>_audit` (see migrations/20261123000001-people.ts). */
export function auditDatabaseName(config: ApiConfig): string {
  const name = `${config.database.database}_audit`;
  if (name.length > 64) throw new Error('database.database is too long to name its audit database (<name>_audit, 64 characters)');
  return name;
}

/** People, sessions, customers and the audit log; AccountService is wired to customers in build-deps. */
export function buildPeopleDeps(config: ApiConfig, db: Knex, log: Logger, accountStore: KnexAccountStore): PeopleDeps {
  let secret = config.jwt.secret;
  if (!secret) {
    secret = randomBytes(32).toString('hex');
    log.warn('jwt.secret is not set: using a random secret, sessions end when the API restarts');
  }
  const userStore = new KnexUserStore(db);
  const sessionStore = new KnexSessionStore(db);
  const people = new PeopleService(userStore, sessionStore);
  const loginThrottle = new KnexLoginThrottle(db, throttleRules(config.loginThrottle));
  return {
    userStore,
    loginThrottle,
    people,
    sessions: new SessionService(
      userStore, sessionStore, new JwtCodec(secret, config.jwt.algorithm, config.jwt.issuer),
      loginThrottle, config.jwt.sessionTtlSeconds,
    ),
    customers: new CustomerService(userStore, sessionStore, accountStore, people),
    audit: new AuditService(new KnexAuditStore(db, auditDatabaseName(config))),
  };
}
