import { ValidationError, domainProblem, normaliseDomain, usernameProblem } from '@hearth/shared';
import type { PackageLimitsMsg } from '@hearth/shared';
import type { AccountSpec } from './step';

/*
 * The request checks every operation shares. The agent trusts nobody: each field the API
 * already validated is checked again with the shared grammar before anything is journaled.
 */

const OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

/** Re-validates every field with the shared grammar: the agent trusts nobody. */
export function checkOperationId(id: string): void {
  if (!OPERATION_ID.test(id)) throw new ValidationError('operation_id is invalid', [{ field: 'operation_id', message: 'must be 8-64 characters of [A-Za-z0-9_-]' }]);
}

/** Re-validates an account reference (username, canonical domain). */
export function checkRef(username: string, domain: string): { username: string; domain: string } {
  const details = [];
  const u = usernameProblem(username);
  if (u) details.push({ field: 'username', message: u });
  const d = domainProblem(domain);
  if (d) details.push({ field: 'domain', message: d });
  if (!d && normaliseDomain(domain) !== domain) details.push({ field: 'domain', message: 'must be in canonical form' });
  if (details.length) throw new ValidationError('Invalid account reference', details);
  return { username, domain };
}

export function toLimits(msg: PackageLimitsMsg | null | undefined): AccountSpec['limits'] {
  const php = msg?.php_version || '8.2';
  if (!/^[5-9]\.[0-9]{1,2}$/.test(php)) throw new ValidationError('Invalid PHP version', [{ field: 'limits.php_version', message: 'must look like 8.2' }]);
  const num = (n: number | undefined, field: string, max: number): number => {
    const v = Number(n ?? 0);
    if (!Number.isInteger(v) || v < 0 || v > max) throw new ValidationError('Invalid limit', [{ field: `limits.${field}`, message: `must be an integer 0-${max}` }]);
    return v;
  };
  return {
    phpVersion: php,
    phpWorkers: num(msg?.php_workers, 'php_workers', 1000),
    phpMemoryMb: num(msg?.php_memory_mb, 'php_memory_mb', 65536),
    diskQuotaMb: num(msg?.disk_quota_mb, 'disk_quota_mb', 100_000_000),
  };
}

