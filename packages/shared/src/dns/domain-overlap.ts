import { domainsOverlap } from '../grammar/domain';

/**
 * The first of `taken` that equals `domain`, is a parent of it or lies below it, or null.
 * Account creation refuses such a domain (409): zones must never nest across accounts,
 * or one customer could answer for another's names. Both sides must be normalised.
 */
export function findOverlappingDomain(domain: string, taken: Iterable<string>): string | null {
  for (const other of taken) if (domainsOverlap(domain, other)) return other;
  return null;
}
