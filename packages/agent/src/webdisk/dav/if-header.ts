/** One condition of an If header list: a state token or an entity tag, possibly negated. */
export interface IfCondition {
  not: boolean;
  token?: string;
  etag?: string;
}

/** A list of conditions, applying to `resource` (a URL or path) or, untagged, to the request URI. */
export interface IfList {
  resource?: string;
  conditions: IfCondition[];
}

/**
 * Parses an RFC 4918 §10.4 If header. Returns null when it is malformed (the request
 * is answered 400).
 */
export function parseIf(header: string): IfList[] | null {
  const lists: IfList[] = [];
  let resource: string | undefined;
  let i = 0;
  const ws = (): void => {
    while (i < header.length && /\s/.test(header[i])) i++;
  };
  while (true) {
    ws();
    if (i >= header.length) break;
    if (header[i] === '<') {
      const end = header.indexOf('>', i);
      if (end < 0) return null;
      resource = header.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (header[i] !== '(') return null;
    i++;
    const conditions: IfCondition[] = [];
    while (true) {
      ws();
      if (header[i] === ')') {
        i++;
        break;
      }
      let not = false;
      if (/^not\b/i.test(header.slice(i, i + 4)) || header.slice(i, i + 3).toLowerCase() === 'not') {
        not = true;
        i += 3;
        ws();
      }
      if (header[i] === '<') {
        const end = header.indexOf('>', i);
        if (end < 0) return null;
        conditions.push({ not, token: header.slice(i + 1, end) });
        i = end + 1;
      } else if (header[i] === '[') {
        const end = header.indexOf(']', i);
        if (end < 0) return null;
        conditions.push({ not, etag: header.slice(i + 1, end) });
        i = end + 1;
      } else return null;
    }
    if (conditions.length === 0) return null;
    lists.push({ resource, conditions });
  }
  return lists.length ? lists : null;
}

/** Every state token named anywhere in the header: the lock tokens the client submits. */
export function submittedTokens(lists: IfList[] | null): Set<string> {
  const out = new Set<string>();
  for (const l of lists ?? []) for (const c of l.conditions) if (c.token && !c.not) out.add(c.token);
  return out;
}
