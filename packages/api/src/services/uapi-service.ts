import type { Logger } from '@hearth/shared';
import type { AccountRecord } from '../stores/account-record';
import { SubaccountService, USERMANAGER_FUNCTIONS, uapiErrorMessage } from './subaccount-service';
import { UapiEnvelope, uapiFailure, uapiSuccess } from './uapi-envelope';

/** Raw UAPI arguments (query string, form body or `uapi` name=value words). */
export type RawArgs = Record<string, unknown>;

/**
 * UAPI's contract for one module function: every outcome is the envelope, a refusal is
 * `status: 0` with `errors` (wrong argument, foreign domain, unknown name …) and changes
 * nothing. Shared by HTTP (`/execute/…`) and the root `uapi` command.
 */
export class UapiService {
  constructor(private readonly subaccounts: SubaccountService, private readonly log: Logger) {}

  async execute(account: AccountRecord, module: string, func: string, raw: RawArgs): Promise<UapiEnvelope> {
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
}
