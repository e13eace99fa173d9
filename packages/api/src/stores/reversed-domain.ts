/**
 * "shop.example.com" → "com.example.shop.": names below a domain then share its reversed
 * form as a prefix, so "every account under X" is an index range, not a scan. The trailing
 * dot keeps "example.com" from matching "com.example2.".
 */
export function reversedDomain(domain: string): string {
  return `${domain.toLowerCase().split('.').reverse().join('.')}.`;
}

/** LIKE pattern of every name strictly below `domain` (LIKE's metacharacters escaped). */
export function belowDomainPattern(domain: string): string {
  return `${reversedDomain(domain).replace(/[\\%_]/g, (c) => `\\${c}`)}_%`;
}
