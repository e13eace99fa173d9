import { get, request } from './api/client';
import type { Me, Role } from './api/types';

export async function currentUser(): Promise<Me | null> {
  try {
    return (await get<{ data: Me }>('/auth/me')).data;
  } catch {
    return null;
  }
}

/** Same login as the API's; the session lands in an HttpOnly cookie, not in this script. */
export async function signIn(login: string, password: string): Promise<Me> {
  await request('POST', '/auth/login', { body: { login, password } });
  return (await get<{ data: Me }>('/auth/me')).data;
}

export async function signOut(): Promise<void> {
  await request('POST', '/auth/logout').catch(() => undefined);
}

export const isOperator = (role: Role): boolean => role === 'ADMIN' || role === 'MASTER';
export const managesAccounts = (role: Role): boolean => role !== 'CUSTOMER';
