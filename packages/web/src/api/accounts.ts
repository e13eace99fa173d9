import { get, Page, query } from './client';
import type { Account, AccountStatus } from './types';

export const PER_PAGE = 25;

export interface AccountQuery {
  page: number;
  search: string;
  status: AccountStatus | '';
}

/**
 * One page of the caller's accounts. Without search or filter this is the API's own page
 * (GET /accounts?page&per_page). The API has no search or status parameter yet, so with
 * either the panel reads the caller's whole list (pages of 100, in parallel) once, keeps it
 * for a minute, and filters it here; swap in the API's parameters when it offers them.
 */
export async function accountPage(q: AccountQuery): Promise<Page<Account>> {
  if (!q.search && !q.status) return get<Page<Account>>(`/accounts${query({ page: q.page, per_page: PER_PAGE })}`);
  const needle = q.search.trim().toLowerCase();
  const rows = (await allAccounts()).filter(
    (a) => (!q.status || a.status === q.status) && (!needle || a.username.includes(needle) || a.domain.includes(needle) || a.email.toLowerCase().includes(needle)),
  );
  const pages = Math.ceil(rows.length / PER_PAGE);
  const page = Math.min(q.page, Math.max(pages, 1));
  return { data: rows.slice((page - 1) * PER_PAGE, page * PER_PAGE), meta: { page, per_page: PER_PAGE, total: rows.length, pages } };
}

let cache: { at: number; rows: Account[] } | null = null;

/** Forget the cached list (after a create, suspend or terminate). */
export function accountsChanged(): void {
  cache = null;
}

/**
 * Reads the whole list ahead (lists up to 5,000 accounts), so the first search answers from memory.
 * Failures are ignored here: the search itself reads again and reports.
 */
export function prefetchAccounts(total: number): void {
  if (total <= 5000 && !cache) void allAccounts().catch(() => undefined);
}

async function allAccounts(): Promise<Account[]> {
  if (cache && Date.now() - cache.at < 60_000) return cache.rows;
  const first = await get<Page<Account>>(`/accounts${query({ page: 1, per_page: 100 })}`);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, first.meta.pages - 1) }, (_, i) => get<Page<Account>>(`/accounts${query({ page: i + 2, per_page: 100 })}`)),
  );
  const rows = [first, ...rest].flatMap((p) => p.data);
  cache = { at: Date.now(), rows };
  return rows;
}
