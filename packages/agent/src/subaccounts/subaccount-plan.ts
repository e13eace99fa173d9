import type { MailboxEntry } from '../mail/mail-lines';
import type { FtpEntry } from '../ftp/pureftpd-lines';
import type { WebdiskEntry } from '../webdisk/webdisk-lines';
import type { IdentityFile } from './identity-store';

/** A state change of one service account: what to write on apply, what to put back on undo (null = absent). */
export interface Change<T> {
  before: T | null;
  after: T | null;
}

/**
 * Everything one UserManager call changes, computed (and validated) before anything is
 * touched, then applied by the journaled steps of `usermanager_change`. Holds password
 * hashes only (the journal is root's), never a password.
 */
export interface SubaccountPlan {
  owner: string;
  uid: number;
  gid: number;
  home: string;
  /** Directories (relative to the home) to create as the account's own user, with their mode. */
  dirs: { path: string; mode: '0700' | '0755' | null }[];
  email: Change<MailboxEntry>[];
  ftp: Change<FtpEntry>[];
  webdisk: Change<WebdiskEntry>[];
  identities: Change<IdentityFile>;
  /** Maildirs removed for good, in the last step (the only one that cannot be undone). */
  purgeMaildirs: { local: string; domain: string }[];
}

export function emptyPlan(owner: string, uid: number, gid: number, home: string, identities: IdentityFile): SubaccountPlan {
  return { owner, uid, gid, home, dirs: [], email: [], ftp: [], webdisk: [], identities: { before: identities, after: identities }, purgeMaildirs: [] };
}
