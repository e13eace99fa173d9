import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError, mailLocalPartProblem, usernameProblem } from '@hearth/shared';
import type { OperationRunner } from '../operations/operation-runner';

import { checkOperationId } from '../operations/request-checks';
import { readAccountRecord } from '../operations/account-record';
import { findManagedUser, homeOf } from '../users/managed-user';
import { isLoginLocked } from '../users/login-lock-step';
import { sha512CryptAsync } from '../mail/password-hasher';
import type { MailboxEntry } from '../mail/mail-lines';
import type { FtpEntry } from '../ftp/pureftpd-lines';
import type { WebdiskEntry } from '../webdisk/webdisk-lines';
import { IdentityFile, SubaccountIdentity, dismissKey, readIdentities } from './identity-store';
import { Args, email, flag, has, oneOf, optionalFlag, password, perms, printable, quota, required, text } from './usermanager-params';
import { SERVICE_TYPES, ServiceType, checkHomedir, checkServiceDomain, checkSubUsername, fullUsername, splitFullUsername } from './service-names';
import { Inventory, ServiceAccount, full, hypotheticalRecord, isLinked, listUsers, remainingUnder, serviceRecord, subOf, subRecord, unlinkedNamed } from './user-records';
import { SubaccountPlan, emptyPlan } from './subaccount-plan';
import { userManagerChange } from './subaccount-steps';
import type { SubaccountsContext } from './subaccounts-parts';

/** The functions of cPanel's UserManager module Hearth answers, plus two of its own (REST only). */
export const USERMANAGER_FUNCTIONS = [
  'list_users', 'lookup_user', 'lookup_service_account', 'check_account_conflicts', 'create_user', 'edit_user',
  'delete_user', 'merge_service_account', 'dismiss_merge', 'unlink_service_account',
] as const;
const HEARTH_FUNCTIONS = ['add_service_account', 'delete_service_account'] as const;
const MUTATING = new Set(['create_user', 'edit_user', 'delete_user', 'merge_service_account', 'dismiss_merge', 'unlink_service_account', ...HEARTH_FUNCTIONS]);

const SERVICE_NAMES: Record<ServiceType, string> = { email: 'email', ftp: 'FTP', webdisk: 'Web Disk' };

export interface ExecuteRequest {
  operation_id: string;
  account: string;
  function: string;
  args: Args;
}

export interface ExecuteResult {
  /** The function's `data`, JSON (null when it answers only metadata). */
  data: unknown;
  /** Mailboxes this call created / removed (the API keeps its mailbox rows in step). */
  mailCreated: string[];
  mailDeleted: string[];
}

interface Owner {
  owner: string;
  domain: string;
  uid: number;
  gid: number;
  home: string;
  suspended: boolean;
}

function refuse(message: string, field = '(request)'): never {
  throw new ValidationError(message, [{ field, message }]);
}

function stripDovecot(hash: string): string {
  return hash.replace(/^\{SHA512-CRYPT\}/, '');
}

/** cPanel's shape: USERNAME:DOMAIN:hex time:64 hex digits. */
export function makeGuid(username: string, domain: string): string {
  const time = Math.floor(Date.now() / 1000).toString(16).toUpperCase().padStart(8, '0');
  const digest = createHash('sha256').update(randomBytes(32)).digest('hex').toUpperCase();
  return `${username.toUpperCase()}:${domain.toUpperCase()}:${time}:${digest}`;
}

/**
 * cPanel's UserManager over Hearth's service accounts: email (the mail module's
 * mailboxes), FTP (pure-ftpd virtual users) and Web Disk, linked into subaccounts by
 * the identity file. Every argument is parsed and every precondition checked before a
 * plan is made; the plan then runs as one journaled operation, so a refusal changes
 * nothing and a failure is rolled back. Calls for one hosting account are serialised
 * with that account's other operations (suspend, delete).
 */
export class UserManager {
  constructor(private readonly runner: OperationRunner, private readonly ctx: SubaccountsContext) {}

  async execute(req: ExecuteRequest): Promise<ExecuteResult> {
    const fn = req.function;
    if (!(USERMANAGER_FUNCTIONS as readonly string[]).includes(fn) && !(HEARTH_FUNCTIONS as readonly string[]).includes(fn)) {
      throw new NotFoundError(`The function "${printable(String(fn))}" does not exist in the module "UserManager".`);
    }
    const ownerProblem = usernameProblem(req.account);
    if (ownerProblem) refuse(`The account name ${ownerProblem}.`, 'account');
    const args = this.checkArgs(req.args ?? {});
    if (MUTATING.has(fn)) checkOperationId(req.operation_id);
    return this.ctx.parts.accountLocks.run(req.account, async () => {
      const o = await this.ownerOf(req.account);
      switch (fn) {
        case 'list_users': return this.readOnly(listUsers(await this.inventory(o), flag(args, 'flat', false)));
        case 'lookup_user': return this.readOnly(await this.lookupUser(o, args));
        case 'lookup_service_account': return this.readOnly(await this.lookupServiceAccount(o, args));
        case 'check_account_conflicts': return this.readOnly(await this.checkConflicts(o, args));
        case 'create_user': return this.createUser(req.operation_id, o, args);
        case 'edit_user': return this.editUser(req.operation_id, o, args);
        case 'delete_user': return this.deleteUser(req.operation_id, o, args);
        case 'merge_service_account': return this.merge(req.operation_id, o, args);
        case 'dismiss_merge': return this.dismiss(req.operation_id, o, args);
        case 'unlink_service_account': return this.unlink(req.operation_id, o, args);
        case 'add_service_account': return this.addServiceAccount(req.operation_id, o, args);
        default: return this.deleteServiceAccount(req.operation_id, o, args);
      }
    });
  }

  private readOnly(data: unknown): ExecuteResult {
    return { data, mailCreated: [], mailDeleted: [] };
  }

  private checkArgs(args: Args): Args {
    const out: Args = {};
    for (const [k, v] of Object.entries(args)) {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(k) || typeof v !== 'string' || v.length > 4096) refuse(`The parameter "${printable(k)}" is invalid.`, printable(k));
      out[k] = v;
    }
    return out;
  }

  // ---- the hosting account and what it holds ---------------------------------------------

  private async ownerOf(account: string): Promise<Owner> {
    const record = await readAccountRecord(this.ctx, account);
    const user = record ? await findManagedUser(this.ctx.config, account).catch(() => null) : null;
    if (!record || !user) throw new NotFoundError(`The account "${account}" does not exist on this host.`);
    return { owner: account, domain: record.domain, uid: user.uid, gid: user.gid, home: homeOf(this.ctx.config, account), suspended: await isLoginLocked(this.ctx, account) };
  }

  private available(type: ServiceType): boolean {
    if (type === 'email') return this.ctx.config.mail.enabled && Boolean(this.ctx.parts.mail);
    if (type === 'ftp') return Boolean(this.ctx.parts.ftp);
    return Boolean(this.ctx.parts.webdisk);
  }

  private async mailboxes(o: Owner): Promise<MailboxEntry[]> {
    return this.available('email') ? this.ctx.parts.mail!.listMailboxes(o.domain) : [];
  }

  private async ftpEntries(o: Owner): Promise<FtpEntry[]> {
    return this.ctx.parts.ftp ? this.ctx.parts.ftp.list(o.owner) : [];
  }

  private async webdiskEntries(o: Owner): Promise<WebdiskEntry[]> {
    return this.ctx.parts.webdisk ? this.ctx.parts.webdisk.list(o.owner) : [];
  }

  private async inventory(o: Owner, identities?: IdentityFile): Promise<Inventory> {
    const services: ServiceAccount[] = [];
    for (const m of await this.mailboxes(o)) {
      services.push({ type: 'email', username: m.local, domain: m.domain, hash: stripDovecot(m.passwordHash), quota: m.quotaMb, homedir: null, perms: null, private: false });
    }
    for (const f of await this.ftpEntries(o)) {
      services.push({ type: 'ftp', username: f.username, domain: f.domain, hash: f.hash, quota: 0, homedir: f.homedir, perms: null, private: false });
    }
    for (const w of await this.webdiskEntries(o)) {
      services.push({ type: 'webdisk', username: w.username, domain: w.domain, hash: w.hash, quota: 0, homedir: w.homedir, perms: w.perms, private: w.private });
    }
    return { owner: o.owner, ownerDomain: o.domain, services, identities: identities ?? (await readIdentities(this.ctx.config.stateDir, o.owner)) };
  }

  /** username + domain of the call, the domain being one of the calling account's. */
  private name(o: Owner, args: Args): { username: string; domain: string; full: string } {
    const username = checkSubUsername(required(args, 'username'));
    const domain = this.ownDomain(o, required(args, 'domain'));
    return { username, domain, full: fullUsername(username, domain) };
  }

  private ownDomain(o: Owner, raw: string): string {
    const domain = checkServiceDomain(raw.toLowerCase());
    if (domain !== o.domain) refuse(`The domain "${domain}" does not belong to this account.`, 'domain');
    return domain;
  }

  // ---- read-only functions ---------------------------------------------------------------

  private async lookupUser(o: Owner, args: Args): Promise<unknown> {
    let guid = required(args, 'guid');
    if (guid.includes('%')) {
      try {
        guid = decodeURIComponent(guid);
      } catch {
        refuse('The "guid" parameter is invalid.', 'guid');
      }
    }
    const inv = await this.inventory(o);
    const sub = inv.identities.subaccounts.find((s) => s.guid === guid);
    if (!sub) refuse(`The subaccount with the guid "${printable(guid, 200)}" does not exist.`, 'guid');
    return subRecord(inv, sub);
  }

  private async lookupServiceAccount(o: Owner, args: Args): Promise<unknown> {
    const { username, domain } = splitFullUsername(required(args, 'full_username'));
    this.ownDomain(o, domain);
    const type = oneOf(args, 'type', SERVICE_TYPES);
    const inv = await this.inventory(o);
    const s = inv.services.find((x) => x.type === type && x.username === username && x.domain === domain);
    if (!s) refuse(`The ${SERVICE_NAMES[type]} account "${username}@${domain}" does not exist.`, 'full_username');
    return serviceRecord(inv, s);
  }

  private async checkConflicts(o: Owner, args: Args): Promise<unknown> {
    const { username, domain } = splitFullUsername(required(args, 'full_username'));
    this.ownDomain(o, domain);
    const inv = await this.inventory(o);
    const name = `${username}@${domain}`;
    const accounts: Record<string, unknown> = {};
    for (const s of inv.services.filter((x) => full(x) === name)) accounts[s.type] = serviceRecord(inv, s);
    const conflict = subOf(inv, name) !== null || Object.keys(accounts).length > 0;
    return { conflict: conflict ? 1 : 0, accounts };
  }

  // ---- planning helpers -------------------------------------------------------------------

  private plan(o: Owner, inv: Inventory): SubaccountPlan {
    return emptyPlan(o.owner, o.uid, o.gid, o.home, inv.identities);
  }

  private requireAvailable(type: ServiceType): void {
    if (!this.available(type)) refuse(`${SERVICE_NAMES[type]} accounts are not available on this server.`, `services.${type}.enabled`);
  }

  /** Adds a new service account of `type` to the plan. */
  private addService(p: SubaccountPlan, o: Owner, type: ServiceType, username: string, domain: string, hash: string, opts: ServiceOptions): void {
    this.requireAvailable(type);
    if (type === 'email') {
      const problem = mailLocalPartProblem(username);
      if (problem) refuse(`The username "${username}" cannot be an email address: it ${problem}.`, 'username');
      p.email.push({ before: null, after: { address: `${username}@${domain}`, local: username, domain, passwordHash: `{SHA512-CRYPT}${hash}`, quotaMb: opts.quota ?? 0 } });
    } else if (type === 'ftp') {
      const homedir = opts.ftpHomedir ?? `public_html/${username}`;
      p.dirs.push({ path: homedir, mode: null });
      p.ftp.push({ before: null, after: { username, domain, hash, uid: o.uid, gid: o.gid, owner: o.owner, homedir, dir: this.abs(o, homedir), enabled: !o.suspended } });
    } else {
      const homedir = opts.webdiskHomedir ?? `public_html/${username}`;
      const priv = opts.private ?? false;
      p.dirs.push({ path: homedir, mode: priv ? '0700' : '0755' });
      p.webdisk.push({ before: null, after: { username, domain, hash, uid: o.uid, gid: o.gid, owner: o.owner, homedir, dir: this.abs(o, homedir), perms: opts.perms ?? 'rw', enabled: !o.suspended, private: priv } });
    }
  }

  private abs(o: Owner, homedir: string): string {
    return homedir === '' ? o.home : `${o.home}/${homedir}`;
  }

  /** Removes an existing service account (its maildir in the last, irreversible step). */
  private async removeService(p: SubaccountPlan, o: Owner, s: ServiceAccount): Promise<void> {
    if (s.type === 'email') {
      const before = (await this.mailboxes(o)).find((m) => m.local === s.username && m.domain === s.domain) ?? null;
      p.email.push({ before, after: null });
      p.purgeMaildirs.push({ local: s.username, domain: s.domain });
    } else if (s.type === 'ftp') {
      p.ftp.push({ before: (await this.ftpEntries(o)).find((f) => f.username === s.username && f.domain === s.domain) ?? null, after: null });
    } else {
      p.webdisk.push({ before: (await this.webdiskEntries(o)).find((w) => w.username === s.username && w.domain === s.domain) ?? null, after: null });
    }
  }

  /** Changes an existing service account: new hash and/or settings. */
  private async updateService(p: SubaccountPlan, o: Owner, s: ServiceAccount, hash: string | undefined, opts: ServiceOptions): Promise<void> {
    if (s.type === 'email') {
      const before = (await this.mailboxes(o)).find((m) => m.local === s.username && m.domain === s.domain)!;
      const after = { ...before, passwordHash: hash ? `{SHA512-CRYPT}${hash}` : before.passwordHash, quotaMb: opts.quota ?? before.quotaMb };
      if (JSON.stringify(after) !== JSON.stringify(before)) p.email.push({ before, after });
    } else if (s.type === 'ftp') {
      const before = (await this.ftpEntries(o)).find((f) => f.username === s.username && f.domain === s.domain)!;
      const homedir = opts.ftpHomedir ?? before.homedir;
      if (homedir !== before.homedir) p.dirs.push({ path: homedir, mode: null });
      const after = { ...before, hash: hash ?? before.hash, homedir, dir: this.abs(o, homedir) };
      if (JSON.stringify(after) !== JSON.stringify(before)) p.ftp.push({ before, after });
    } else {
      const before = (await this.webdiskEntries(o)).find((w) => w.username === s.username && w.domain === s.domain)!;
      const homedir = opts.webdiskHomedir ?? before.homedir;
      const priv = opts.private ?? before.private;
      if (homedir !== before.homedir || priv !== before.private) p.dirs.push({ path: homedir, mode: priv ? '0700' : '0755' });
      const after = { ...before, hash: hash ?? before.hash, homedir, dir: this.abs(o, homedir), perms: opts.perms ?? before.perms, private: priv };
      if (JSON.stringify(after) !== JSON.stringify(before)) p.webdisk.push({ before, after });
    }
  }

  private serviceOptions(args: Args, username: string): ServiceOptions {
    void username;
    return {
      quota: quota(args, 'services.email.quota'),
      ftpHomedir: has(args, 'services.ftp.homedir') ? checkHomedir(args['services.ftp.homedir'], 'services.ftp.homedir') : undefined,
      webdiskHomedir: has(args, 'services.webdisk.homedir') ? checkHomedir(args['services.webdisk.homedir'], 'services.webdisk.homedir') : undefined,
      perms: perms(args, 'services.webdisk.perms'),
      private: optionalFlag(args, 'services.webdisk.private'),
    };
  }

  private contact(args: Args): Partial<Pick<SubaccountIdentity, 'alternate_email' | 'real_name' | 'phone_number' | 'avatar_url'>> {
    const out: Partial<Pick<SubaccountIdentity, 'alternate_email' | 'real_name' | 'phone_number' | 'avatar_url'>> = {};
    const alternate = email(args, 'alternate_email');
    if (alternate !== undefined) out.alternate_email = alternate;
    const real = text(args, 'real_name', 256);
    if (real !== undefined) out.real_name = real;
    const phone = text(args, 'phone_number', 32);
    if (phone !== undefined) {
      if (phone !== null && !/^\+?[0-9]{3,20}$/.test(phone)) refuse('The "phone_number" parameter must be an E.164 telephone number.', 'phone_number');
      out.phone_number = phone;
    }
    const avatar = text(args, 'avatar_url', 2048);
    if (avatar !== undefined) {
      if (avatar !== null && !/^https:\/\/[^\s"'<>]+$/.test(avatar)) refuse('The "avatar_url" parameter must be an HTTPS URL.', 'avatar_url');
      out.avatar_url = avatar;
    }
    return out;
  }

  /** Runs the plan as one journaled operation, then answers from what now exists. */
  private async run(opId: string, o: Owner, plan: SubaccountPlan, answer: (inv: Inventory) => unknown): Promise<ExecuteResult> {
    return this.runner.run(opId, userManagerChange, plan, async () => {
      const inv = await this.inventory(o);
      return {
        data: answer(inv),
        mailCreated: plan.email.filter((c) => !c.before && c.after).map((c) => c.after!.address),
        mailDeleted: plan.email.filter((c) => c.before && !c.after).map((c) => c.before!.address),
      };
    });
  }

  // ---- mutating functions ----------------------------------------------------------------

  private async createUser(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const { username, domain, full: name } = this.name(o, args);
    const pass = password(args, 'password', true)!;
    if (has(args, 'type') && args.type !== 'sub') refuse('The "type" parameter must be "sub".', 'type');
    const wanted = SERVICE_TYPES.filter((t) => flag(args, `services.${t}.enabled`, false));
    flag(args, 'services.email.send_welcome_email', false);
    flag(args, 'services.webdisk.enabledigest', false);
    flag(args, 'send_invite', false);
    const opts = this.serviceOptions(args, username);
    const contact = this.contact(args);
    const inv = await this.inventory(o);
    if (subOf(inv, name)) throw new ConflictError(`The subaccount "${name}" already exists.`);
    for (const t of wanted) {
      if (inv.services.some((s) => s.type === t && full(s) === name)) {
        throw new ConflictError(`An ${SERVICE_NAMES[t]} account named "${name}" already exists. Use merge_service_account to link it to a subaccount.`);
      }
    }
    const hash = await sha512CryptAsync(pass);
    const plan = this.plan(o, inv);
    for (const t of wanted) this.addService(plan, o, t, username, domain, hash, opts);
    const sub: SubaccountIdentity = {
      guid: makeGuid(username, domain), username, domain, services: wanted,
      alternate_email: null, real_name: null, phone_number: null, avatar_url: null, created: Math.floor(Date.now() / 1000), ...contact,
    };
    plan.identities.after = { ...inv.identities, subaccounts: [...inv.identities.subaccounts, sub] };
    return this.run(opId, o, plan, (after) => subRecord(after, subOf(after, name)!));
  }

  private async editUser(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const { username, domain, full: name } = this.name(o, args);
    const pass = password(args, 'password', false);
    const toggles = new Map(SERVICE_TYPES.map((t) => [t, optionalFlag(args, `services.${t}.enabled`)] as const));
    flag(args, 'services.webdisk.enabledigest', false);
    const opts = this.serviceOptions(args, username);
    const contact = this.contact(args);
    const inv = await this.inventory(o);
    const sub = subOf(inv, name);
    if (!sub) throw new NotFoundError(`The subaccount "${name}" does not exist.`);
    const linked = inv.services.filter((s) => full(s) === name && sub.services.includes(s.type));
    const hash = pass ? await sha512CryptAsync(pass) : undefined;
    const plan = this.plan(o, inv);
    const services = new Set(sub.services);
    for (const t of SERVICE_TYPES) {
      const current = linked.find((s) => s.type === t);
      const want = toggles.get(t);
      if (want === true && !current) {
        if (inv.services.some((s) => s.type === t && full(s) === name)) {
          throw new ConflictError(`An ${SERVICE_NAMES[t]} account named "${name}" already exists. Use merge_service_account to link it.`);
        }
        const shared = hash ?? linked[0]?.hash;
        if (!shared) refuse(`A password is required to enable ${SERVICE_NAMES[t]} for "${name}".`, 'password');
        this.addService(plan, o, t, username, domain, shared, opts);
        services.add(t);
      } else if (want === false && current) {
        await this.removeService(plan, o, current);
        services.delete(t);
      } else if (current) {
        await this.updateService(plan, o, current, hash, opts);
      }
    }
    const updated: SubaccountIdentity = { ...sub, ...contact, services: SERVICE_TYPES.filter((t) => services.has(t)) };
    plan.identities.after = { ...inv.identities, subaccounts: inv.identities.subaccounts.map((s) => (s === sub ? updated : s)) };
    return this.run(opId, o, plan, (after) => subRecord(after, subOf(after, name)!));
  }

  /**
   * Deletes the subaccount with its linked service accounts, then answers with what is
   * left under the name: nothing (data null), one service account, or a hypothetical one.
   */
  private async deleteUser(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const { full: name } = this.name(o, args);
    const inv = await this.inventory(o);
    const sub = subOf(inv, name);
    const plan = this.plan(o, inv);
    if (sub) {
      for (const s of inv.services.filter((x) => full(x) === name && sub.services.includes(x.type))) await this.removeService(plan, o, s);
      plan.identities.after = { ...inv.identities, subaccounts: inv.identities.subaccounts.filter((s) => s !== sub) };
    }
    return this.run(opId, o, plan, (after) => remainingUnder(after, name));
  }

  private requestedServices(args: Args, suffix: 'merge' | 'dismiss'): ServiceType[] {
    const wanted = SERVICE_TYPES.filter((t) => flag(args, `services.${t}.${suffix}`, false));
    if (wanted.length === 0) refuse(`You must specify at least one of services.email.${suffix}, services.ftp.${suffix} or services.webdisk.${suffix}.`, `services.email.${suffix}`);
    return wanted;
  }

  /** Links unlinked service accounts into the subaccount of their name, made if missing. */
  private async merge(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const { username, domain, full: name } = this.name(o, args);
    const wanted = this.requestedServices(args, 'merge');
    const inv = await this.inventory(o);
    const unlinked = unlinkedNamed(inv, name);
    for (const t of wanted) {
      if (!unlinked.some((s) => s.type === t)) refuse(`There is no unlinked ${SERVICE_NAMES[t]} account named "${name}" to merge.`, `services.${t}.merge`);
    }
    const existing = subOf(inv, name);
    const sub: SubaccountIdentity = existing
      ? { ...existing, services: SERVICE_TYPES.filter((t) => existing.services.includes(t) || wanted.includes(t)) }
      : { guid: makeGuid(username, domain), username, domain, services: wanted, alternate_email: null, real_name: null, phone_number: null, avatar_url: null, created: Math.floor(Date.now() / 1000) };
    const plan = this.plan(o, inv);
    plan.identities.after = {
      subaccounts: existing ? inv.identities.subaccounts.map((s) => (s === existing ? sub : s)) : [...inv.identities.subaccounts, sub],
      dismissed: inv.identities.dismissed.filter((k) => !wanted.some((t) => k === dismissKey(t, name))),
    };
    return this.run(opId, o, plan, (after) => subRecord(after, subOf(after, name)!));
  }

  private async dismiss(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const { full: name } = this.name(o, args);
    const wanted = this.requestedServices(args, 'dismiss');
    const inv = await this.inventory(o);
    const unlinked = unlinkedNamed(inv, name);
    for (const t of wanted) {
      if (!unlinked.some((s) => s.type === t)) refuse(`There is no unlinked ${SERVICE_NAMES[t]} account named "${name}" to dismiss.`, `services.${t}.dismiss`);
    }
    const plan = this.plan(o, inv);
    const keys = wanted.map((t) => dismissKey(t, name));
    plan.identities.after = { ...inv.identities, dismissed: [...new Set([...inv.identities.dismissed, ...keys])] };
    return this.run(opId, o, plan, () => null);
  }

  private async unlink(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const { full: name } = this.name(o, args);
    const service = oneOf(args, 'service', SERVICE_TYPES);
    const alsoDismiss = flag(args, 'dismiss', false);
    const inv = await this.inventory(o);
    const sub = subOf(inv, name);
    if (!sub) throw new NotFoundError(`The subaccount "${name}" does not exist.`);
    const linked = inv.services.find((s) => s.type === service && full(s) === name && isLinked(inv, s));
    if (!linked) refuse(`The subaccount "${name}" has no linked ${SERVICE_NAMES[service]} account.`, 'service');
    const plan = this.plan(o, inv);
    plan.identities.after = {
      subaccounts: inv.identities.subaccounts.map((s) => (s === sub ? { ...sub, services: sub.services.filter((t) => t !== service) } : s)),
      dismissed: alsoDismiss ? [...new Set([...inv.identities.dismissed, dismissKey(service, name)])] : inv.identities.dismissed,
    };
    return this.run(opId, o, plan, () => null);
  }

  /** Hearth's own: a standalone FTP or Web Disk account (email ones are the mail module's mailboxes). */
  private async addServiceAccount(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const type = oneOf(args, 'type', ['ftp', 'webdisk'] as const);
    const { username, domain, full: name } = this.name(o, args);
    const pass = password(args, 'password', true)!;
    const opts = this.serviceOptions(args, username);
    const inv = await this.inventory(o);
    if (inv.services.some((s) => s.type === type && full(s) === name)) throw new ConflictError(`The ${SERVICE_NAMES[type]} account "${name}" already exists.`);
    if (subOf(inv, name)?.services.includes(type)) throw new ConflictError(`The subaccount "${name}" already has ${SERVICE_NAMES[type]}.`);
    const plan = this.plan(o, inv);
    this.addService(plan, o, type, username, domain, await sha512CryptAsync(pass), opts);
    return this.run(opId, o, plan, (after) => serviceRecord(after, after.services.find((s) => s.type === type && full(s) === name)!));
  }

  private async deleteServiceAccount(opId: string, o: Owner, args: Args): Promise<ExecuteResult> {
    const type = oneOf(args, 'type', ['ftp', 'webdisk'] as const);
    const { full: name } = this.name(o, args);
    const inv = await this.inventory(o);
    const s = inv.services.find((x) => x.type === type && full(x) === name);
    if (!s) throw new NotFoundError(`The ${SERVICE_NAMES[type]} account "${name}" does not exist.`);
    const plan = this.plan(o, inv);
    await this.removeService(plan, o, s);
    const sub = subOf(inv, name);
    if (sub?.services.includes(type)) {
      plan.identities.after = { ...inv.identities, subaccounts: inv.identities.subaccounts.map((x) => (x === sub ? { ...sub, services: sub.services.filter((t) => t !== type) } : x)) };
    }
    return this.run(opId, o, plan, () => null);
  }
}

interface ServiceOptions {
  quota?: number;
  ftpHomedir?: string;
  webdiskHomedir?: string;
  perms?: 'ro' | 'rw';
  private?: boolean;
}

export { hypotheticalRecord };
