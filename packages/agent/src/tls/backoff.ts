import type { TlsSettings } from './tls-config';

/**
 * Delay before the next attempt after `failures` failures in a row: initialMs, then
 * growing by `factor` each time, never above maxMs. Growing delays keep a domain that
 * cannot validate (DNS elsewhere, firewall) from eating the CA's failed-validation limit.
 */
export function retryDelayMs(failures: number, retry: TlsSettings['retry']): number {
  if (failures <= 0) return 0;
  const delay = retry.initialMs * Math.pow(retry.factor, failures - 1);
  return Math.min(Math.round(delay), retry.maxMs);
}
