import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '@hearth/shared';
import type { Exec } from '../system/exec';
import { findUser } from '../users/passwd';
import { removeTreeSafely } from '../users/safe-remove';
import { groupGid } from '../users/groups';
import type { MailConfig } from './mail-config';
import { LineFile, upsertLine } from './line-file';
import { PostfixTextMap } from './postfix-text-map';
import { PostfixReloader } from './postfix-reload';
import {
  MailboxEntry, addressOf, checkDomain, dovecotSuspendedLine, dovecotUserLine, keyBelongsToDomain, lineKey,
  maildirOf, parseDovecotUserLine, suspendedMapLine, vdomainsLine, vmailboxLine,
} from './mail-lines';

const MAILDIR_SUBDIRS = ['cur', 'new', 'tmp'];

/** Under steady load, one Postfix reload per this interval (PostfixReloader: each costs Postfix about 57 ms of CPU). */
const POSTFIX_RELOAD_INTERVAL_MS = 1000;

/**
 * Hearth's mail state on the host: Postfix maps (vdomains, vmailbox, suspended) and
 * Dovecot files (users, suspended domains), plus the maildirs. Each method is idempotent,
 * so the operation steps built on it can be applied or undone twice.
 */
export class PostfixDovecotMail {
  readonly vdomains: PostfixTextMap;
  readonly vmailbox: PostfixTextMap;
  readonly suspendedMap: PostfixTextMap;
  readonly users: LineFile;
  readonly dovecotSuspended: LineFile;

  private readonly reloader: PostfixReloader;

  constructor(readonly config: MailConfig, private readonly exec: Exec) {
    this.reloader = new PostfixReloader(config.postfixPath, config.postfixConfigDir, exec, true, POSTFIX_RELOAD_INTERVAL_MS);
    const map = (path: string): PostfixTextMap => new PostfixTextMap(path, this.reloader);
    this.vdomains = map(config.vdomainsFile);
    this.vmailbox = map(config.vmailboxFile);
    this.suspendedMap = map(config.suspendedMapFile);
    // Holds password hashes: readable by root and Dovecot's auth process only.
    this.users = new LineFile(config.dovecotUsersFile, 0o640, () => groupGid(config.dovecotGroup), true);
    this.dovecotSuspended = new LineFile(config.dovecotSuspendedFile, 0o644, undefined, true);
  }

  /**
   * Creates any missing file, so both daemons can start, and reloads Postfix once: a map
   * written just before the agent stopped (a crash before its reload) may not have reached
   * the processes that were idle then, and a recovery that finds the map already right
   * changes nothing and would not reload it.
   */
  async ensureFiles(): Promise<void> {
    for (const map of [this.vdomains, this.vmailbox, this.suspendedMap]) await map.ensure();
    await this.users.ensure();
    await this.dovecotSuspended.ensure();
    await this.reloader.reload();
  }

  async vmailIds(): Promise<{ uid: number; gid: number }> {
    const user = await findUser(this.config.vmailUser);
    if (!user) throw new Error(`the mail user ${this.config.vmailUser} does not exist`);
    return { uid: user.uid, gid: user.gid };
  }

  // ---- domains -------------------------------------------------------------------------

  async hasDomain(domain: string): Promise<boolean> {
    checkDomain(domain);
    return (await this.vdomains.lines()).some((l) => lineKey(l) === domain);
  }

  async addDomain(domain: string): Promise<void> {
    const line = vdomainsLine(domain);
    await this.vdomains.edit((lines) => upsertLine(lines, domain, line, lineKey));
  }

  /**
   * Removes every trace of a domain: its lines in all five files (domain first, so mail
   * is refused before mailboxes disappear), then its maildir tree, never following a
   * symlink out of the maildir root.
   */
  async removeDomain(domain: string): Promise<void> {
    checkDomain(domain);
    const drop = (lines: string[]): string[] => lines.filter((l) => !keyBelongsToDomain(lineKey(l), domain));
    await this.vdomains.edit(drop);
    await this.vmailbox.edit(drop);
    await this.users.edit(drop);
    await this.suspendedMap.edit(drop);
    await this.dovecotSuspended.edit(drop);
    await this.removeTree(join(this.config.maildirRoot, domain), this.config.maildirRoot);
  }

  // ---- suspension ----------------------------------------------------------------------

  async isSuspended(domain: string): Promise<boolean> {
    checkDomain(domain);
    return (await this.suspendedMap.lines()).some((l) => lineKey(l) === domain);
  }

  /** Inbound mail answers 450 (senders retry later) and IMAP logins are refused. */
  async suspendDomain(domain: string): Promise<void> {
    const mapLine = suspendedMapLine(domain);
    const denyLine = dovecotSuspendedLine(domain);
    await this.suspendedMap.edit((lines) => upsertLine(lines, domain, mapLine, lineKey));
    await this.dovecotSuspended.edit((lines) => upsertLine(lines, domain, denyLine, lineKey));
  }

  async unsuspendDomain(domain: string): Promise<void> {
    checkDomain(domain);
    const drop = (lines: string[]): string[] => lines.filter((l) => lineKey(l) !== domain);
    await this.dovecotSuspended.edit(drop);
    await this.suspendedMap.edit(drop);
  }

  // ---- mailboxes -----------------------------------------------------------------------

  async listMailboxes(domain: string): Promise<MailboxEntry[]> {
    checkDomain(domain);
    const entries = (await this.users.lines()).map(parseDovecotUserLine).filter((e): e is MailboxEntry => e !== null);
    return entries.filter((e) => e.domain === domain).sort((a, b) => a.address.localeCompare(b.address));
  }

  async findMailbox(local: string, domain: string): Promise<MailboxEntry | null> {
    const address = addressOf(local, domain);
    return (await this.listMailboxes(domain)).find((e) => e.address === address) ?? null;
  }

  /** The maildir (with cur/new/tmp) owned by vmail, mode 0700; never through a symlink. */
  async ensureMaildir(local: string, domain: string): Promise<void> {
    const { uid, gid } = await this.vmailIds();
    const domainDir = join(this.config.maildirRoot, checkDomain(domain));
    const maildir = maildirOf(this.config.maildirRoot, local, domain);
    for (const dir of [domainDir, maildir, ...MAILDIR_SUBDIRS.map((d) => join(maildir, d))]) {
      await fs.mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
      const stat = await fs.lstat(dir);
      if (!stat.isDirectory()) throw new Error(`${dir} exists and is not a directory`);
      await fs.lchown(dir, uid, gid);
      await fs.chmod(dir, 0o700);
    }
  }

  async removeMaildir(local: string, domain: string): Promise<void> {
    const maildir = maildirOf(this.config.maildirRoot, local, domain);
    await this.removeTree(maildir, join(this.config.maildirRoot, domain));
  }

  /** Writes (or replaces) the mailbox's Dovecot line: password hash, quota, maildir. */
  async putUser(entry: MailboxEntry): Promise<void> {
    const { uid, gid } = await this.vmailIds();
    const line = dovecotUserLine(entry, uid, gid, this.config.maildirRoot);
    await this.users.edit((lines) => upsertLine(lines, entry.address, line, lineKey));
  }

  async removeUser(local: string, domain: string): Promise<void> {
    const address = addressOf(local, domain);
    await this.users.edit((lines) => lines.filter((l) => lineKey(l) !== address));
  }

  async addRecipient(local: string, domain: string): Promise<void> {
    const line = vmailboxLine(local, domain);
    const address = addressOf(local, domain);
    await this.vmailbox.edit((lines) => upsertLine(lines, address, line, lineKey));
  }

  async removeRecipient(local: string, domain: string): Promise<void> {
    const address = addressOf(local, domain);
    await this.vmailbox.edit((lines) => lines.filter((l) => lineKey(l) !== address));
  }

  async requireDomain(domain: string): Promise<void> {
    if (!(await this.hasDomain(domain))) throw new NotFoundError(`${domain} is not a mail domain on this host`);
  }

  private async removeTree(path: string, parent: string): Promise<void> {
    if (!(await fs.lstat(parent).catch(() => null))) return;
    await removeTreeSafely(path, parent, this.exec);
  }
}
