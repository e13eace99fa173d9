/**
 * SOA serials in the customary YYYYMMDDnn form. Secondaries and resolvers only notice a
 * change when the serial grows, so every write to a zone moves it forward: to today's
 * first serial, or by one when that is not larger (more than 99 changes a day simply
 * run into "tomorrow", which is still strictly increasing).
 */
export function firstSerialOf(date: Date): number {
  const ymd = date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  return ymd * 100 + 1;
}

export function nextSerial(current: number, date: Date): number {
  return Math.max(current + 1, firstSerialOf(date));
}

export interface SoaFields {
  primary: string;
  hostmaster: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

/** SOA timers: refresh 3h, retry 1h, expire 1 week, negative-caching TTL 1h. */
export const SOA_TIMERS = { refresh: 10800, retry: 3600, expire: 604800, minimum: 3600 } as const;

export function formatSoa(f: SoaFields): string {
  return `${f.primary} ${f.hostmaster} ${f.serial} ${f.refresh} ${f.retry} ${f.expire} ${f.minimum}`;
}

export function parseSoa(content: string): SoaFields {
  const parts = content.trim().split(/\s+/);
  if (parts.length !== 7 || !parts.slice(2).every((p) => /^\d{1,10}$/.test(p))) {
    throw new Error(`unreadable SOA content: ${content.slice(0, 120)}`);
  }
  const [primary, hostmaster, serial, refresh, retry, expire, minimum] = parts;
  return {
    primary, hostmaster, serial: Number(serial), refresh: Number(refresh),
    retry: Number(retry), expire: Number(expire), minimum: Number(minimum),
  };
}
