import { Logger, RateLimitedError, UnauthorizedError } from '@hearth/shared';
import type { AccountRecord } from '../stores/account-record';
import { SubaccountService, USERMANAGER_FUNCTIONS, uapiErrorMessage } from './subaccount-service';
import { UapiEnvelope, uapiFailure, uapiSuccess } from './uapi-envelope';
import type { UapiAuthService } from './uapi-auth-service';
import { UAPI_DOMAIN_FUNCTIONS, UapiDomains } from './uapi-domains';

/** Raw UAPI arguments (query string, form body or `uapi` name=value words). */
export type RawArgs = Record<string, unknown>;

/** What /execute answers: the envelope, with HTTP 200 unless authentication failed. */
export interface UapiAnswer {
  status: 200 | 401 | 429;
  headers: Record<string, string>;
  envelope: UapiEnvelope;
  /** The authenticated account; null when authentication failed. */
  account: AccountRecord | null;
}

/**
 * UAPI's contract for one module function: every outcome is the envelope, a refusal is
 * `status: 0` with `errors` (wrong argument, foreign domain, unknown name …) and changes
 * nothing. Shared by HTTP (`/execute/…`) and the root `uapi` command.
 */
export class UapiService {
  constructor(
    private readonly subaccounts: SubaccountService,
    private readonly auth: UapiAuthService,
    private readonly log: Logger,
    /** DomainInfo and SubDomain (absent: UserManager only). */
    private readonly domains?: UapiDomains,
  ) {}

  /**
   * One /execute call: authenticated as the hosting account's owner (Basic or `cpanel
   * user:token`), then run. Only a failed authentication is not HTTP 200 (401, or 429 when
   * throttled), as cPanel answers.
   */
  async handle(authorization: string | undefined, address: string, module: string, func: string, raw: RawArgs): Promise<UapiAnswer> {
    let account: AccountRecord;
    try {
      account = await this.auth.authenticate(authorization, address);
    } catch (e) {
      if (e instanceof RateLimitedError) {
        return { status: 429, headers: { 'Retry-After': String(e.retryAfterSeconds ?? 60) }, envelope: uapiFailure(module, func, ['Too many failed logins; retry later.']), account: null };
      }
      if (e instanceof UnauthorizedError) {
        return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="Hearth", charset="UTF-8"' }, envelope: uapiFailure(module, func, ['Access denied: invalid username, password or token.']), account: null };
      }
      throw e;
    }
    return { status: 200, headers: {}, envelope: await this.execute(account, module, func, raw), account };
  }

  async execute(account: AccountRecord, module: string, func: string, raw: RawArgs): Promise<UapiEnvelope> {
    if (this.domains && Object.hasOwn(UAPI_DOMAIN_FUNCTIONS, module)) return this.executeDomains(account, module, func, raw);
    if (module !== 'UserManager') return uapiFailure(module, func, [`Could not find the module “${module}”: Hearth answers the module “UserManager”.`]);
    if (!(USERMANAGER_FUNCTIONS as readonly string[]).includes(func)) {
      return uapiFailure(module, func, [`Could not find the function “${func}” in the module “UserManager”.`]);
    }
    const args: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value !== 'string') return uapiFailure(module, func, [`The parameter “${name.slice(0, 64)}” must be given once, as text.`]);
      args[name] = value;
    }
    try {
      const data = await this.subaccounts.call(account, func, args);
      return uapiSuccess(module, func, data, func === 'list_users' ? { transformed: 1 } : {});
    } catch (e) {
      this.log.debug({ err: e, func, account: account.username }, 'UserManager call refused');
      return uapiFailure(module, func, [uapiErrorMessage(e)]);
    }
  }

  private async executeDomains(account: AccountRecord, module: string, func: string, raw: RawArgs): Promise<UapiEnvelope> {
    if (!UAPI_DOMAIN_FUNCTIONS[module].includes(func)) return uapiFailure(module, func, [`Could not find the function “${func}” in the module “${module}”.`]);
    const args: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value !== 'string') return uapiFailure(module, func, [`The parameter “${name.slice(0, 64)}” must be given once, as text.`]);
      args[name] = value;
    }
    try {
      return uapiSuccess(module, func, await this.domains!.call(account, module, func, args));
    } catch (e) {
      this.log.debug({ err: e, module, func, account: account.username }, 'domain call refused');
      return uapiFailure(module, func, [uapiErrorMessage(e)]);
    }
  }
}
