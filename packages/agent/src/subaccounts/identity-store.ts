import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonIfExists, writeFileDurably } from '../system/durable-file';
import type { ServiceType } from './service-names';

/**
 * The subaccount identities of one hosting account ({stateDir}/subaccounts/{owner}.json):
 * which service accounts each identity links, its guid and contact fields, and which
 * service accounts the owner told UserManager to stop offering for a merge
 * (`dismiss_merge`). The service accounts themselves live in their daemons' files; this
 * file only links them.
 */
export interface SubaccountIdentity {
  guid: string;
  username: string;
  domain: string;
  services: ServiceType[];
  alternate_email: string | null;
  real_name: string | null;
  phone_number: string | null;
  avatar_url: string | null;
  created: number;
}

export interface IdentityFile {
  subaccounts: SubaccountIdentity[];
  /** "type:user@domain" of dismissed merge candidates. */
  dismissed: string[];
}

export const EMPTY_IDENTITIES: IdentityFile = { subaccounts: [], dismissed: [] };

export function dismissKey(type: ServiceType, full: string): string {
  return `${type}:${full}`;
}

function dir(stateDir: string): string {
  return join(stateDir, 'subaccounts');
}

function fileOf(stateDir: string, owner: string): string {
  if (!/^[a-z][a-z0-9]{2,31}$/.test(owner)) throw new Error('invalid owner');
  return join(dir(stateDir), `${owner}.json`);
}

export async function readIdentities(stateDir: string, owner: string): Promise<IdentityFile> {
  const file = await readJsonIfExists<IdentityFile>(fileOf(stateDir, owner));
  return file ? { subaccounts: file.subaccounts ?? [], dismissed: file.dismissed ?? [] } : { subaccounts: [], dismissed: [] };
}

/** Writes the file (or removes it when it holds nothing): idempotent, so steps can apply and undo it. */
export async function writeIdentities(stateDir: string, owner: string, file: IdentityFile): Promise<void> {
  mkdirSync(dir(stateDir), { recursive: true, mode: 0o700 });
  if (file.subaccounts.length === 0 && file.dismissed.length === 0) {
    rmSync(fileOf(stateDir, owner), { force: true });
    return;
  }
  await writeFileDurably(fileOf(stateDir, owner), JSON.stringify(file));
}

export async function removeIdentities(stateDir: string, owner: string): Promise<void> {
  rmSync(fileOf(stateDir, owner), { force: true });
}
