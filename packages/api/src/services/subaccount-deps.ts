import type { AppDeps } from '../app-deps';
import { GrpcSubaccountAgent } from '../agent/grpc-subaccounts-client';
import { KnexMailboxStore } from '../stores/knex-mailbox-store';
import { KnexUapiTokenStore } from '../stores/knex-uapi-token-store';
import { SubaccountService } from './subaccount-service';
import { UapiAuth } from './uapi-auth';
import { UapiService } from './uapi-service';

export interface SubaccountDeps {
  subaccounts: SubaccountService;
  uapi: UapiService;
  uapiAuth: UapiAuth;
  uapiTokens: KnexUapiTokenStore;
}

const built = new WeakMap<object, SubaccountDeps>();

/** One set per app: the UAPI and REST routes share the services (and the login throttle). */
export function subaccountDeps(deps: AppDeps): SubaccountDeps {
  let d = built.get(deps);
  if (!d) {
    const subaccounts = new SubaccountService(new GrpcSubaccountAgent(deps.channel), new KnexMailboxStore(deps.db), deps.packageStore, deps.license, deps.log.child({ component: 'subaccounts' }));
    const uapiTokens = new KnexUapiTokenStore(deps.db);
    d = {
      subaccounts,
      uapi: new UapiService(subaccounts, deps.log.child({ component: 'uapi' })),
      uapiAuth: new UapiAuth(deps.accountStore, deps.userStore, uapiTokens, deps.loginThrottle),
      uapiTokens,
    };
    built.set(deps, d);
  }
  return d;
}
