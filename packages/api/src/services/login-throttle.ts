import type { LoginThrottle, ThrottleRule } from '@hearth/shared';
import type { ApiConfig } from '../config';

export type { LoginAttempt, LoginThrottle } from '@hearth/shared';

/** The two rules of the API's throttle (per login name, per client address) from its config. */
export function throttleRules(config: ApiConfig['loginThrottle']): { login: ThrottleRule; address: ThrottleRule } {
  const common = { baseDelaySeconds: config.baseDelaySeconds, maxDelaySeconds: config.maxDelaySeconds, windowSeconds: config.windowSeconds };
  return {
    login: { budget: config.maxFailuresPerLogin, ...common },
    address: { budget: config.maxFailuresPerAddress, ...common },
  };
}

/**
 * Checks a password under the throttle: an attempt is reserved (and counted as failed)
 * before `check` runs, and given back only when `check` says yes. Whatever `check`
 * throws, or a false answer, leaves the attempt counted.
 */
export async function throttled<T>(throttle: LoginThrottle, login: string, address: string, check: () => Promise<T | null>): Promise<T | null> {
  const attempt = await throttle.reserve(login, address);
  const result = await check();
  if (result !== null) await attempt.succeeded();
  return result;
}
