import { promises as fs, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountSpec, Step, StepContext } from './step';
import { readJsonIfExists, writeFileDurably } from '../system/durable-file';
import type { LimitsChange } from './limits-change';
import { RecordDirectoryCache } from './record-directory-cache';

/**
 * The agent's own record of each account it provisioned ({stateDir}/accounts/{user}.json):
 * which domain and limits it was built with. Inventory, repair and orphan removal read it,
 * so they never depend on the API's database to know what a host account consists of.
 */
export interface AccountRecordFile {
  username: string;
  domain: string;
  limits: AccountSpec['limits'];
  createdAt: string;
  /** Addon domains, subdomains and aliases (domains/), absent on accounts that have none. */
  domains?: AccountDomainEntry[];
}

/** One domain of an account besides its primary one, as the agent built it. */
export interface AccountDomainEntry {
  domain: string;
  type: 'addon' | 'subdomain' | 'alias';
  /** Relative to the home; an alias has its target's. */
  documentRoot: string;
  /** Alias only: the domain whose site it serves. */
  target?: string;
  /** The DNS zone the domain's A record lives in: its own (addon, alias outside the account's zones) or a parent's. */
  zone: string;
  hasZone: boolean;
  hasMail: boolean;
}

/** Every domain the record holds: the primary first, then the added ones. */
export function recordDomains(record: AccountRecordFile): string[] {
  return [record.domain, ...(record.domains ?? []).map((d) => d.domain)];
}

/** Rewrites a record durably (domains/ adds and removes its entries). */
export async function writeAccountRecord(ctx: RecordContext, record: AccountRecordFile): Promise<void> {
  mkdirSync(dir(ctx), { recursive: true, mode: 0o700 });
  await writeRecord(ctx, record);
}

/** Every write and removal of a record goes through these two, so the cache of all records follows. */
async function writeRecord(ctx: RecordContext, record: AccountRecordFile): Promise<void> {
  await writeFileDurably(join(dir(ctx), `${record.username}.json`), JSON.stringify(record));
  await cacheOf(ctx).noted(record.username, record);
}

async function removeRecord(ctx: RecordContext, username: string): Promise<void> {
  rmSync(join(dir(ctx), `${username}.json`), { force: true });
  await cacheOf(ctx).noted(username, null);
}

/** What reading records needs: only the state directory. */
export type RecordContext = Pick<StepContext, 'config'>;

function dir(ctx: RecordContext): string {
  return join(ctx.config.stateDir, 'accounts');
}

export async function readAccountRecord(ctx: RecordContext, username: string): Promise<AccountRecordFile | null> {
  return readJsonIfExists<AccountRecordFile>(join(dir(ctx), `${username}.json`));
}

async function readAllRecords(ctx: RecordContext): Promise<AccountRecordFile[]> {
  const files = (await fs.readdir(dir(ctx))).filter((f) => /^[a-z][a-z0-9]{2,31}\.json$/.test(f));
  const records = await Promise.all(files.map((f) => readAccountRecord(ctx, f.slice(0, -5))));
  return records.filter((r): r is AccountRecordFile => r !== null);
}

/** One cache per state directory (tests run several agents in one process). */
const caches = new Map<string, RecordDirectoryCache<AccountRecordFile>>();

function cacheOf(ctx: RecordContext): RecordDirectoryCache<AccountRecordFile> {
  const d = dir(ctx);
  let cache = caches.get(d);
  if (!cache) {
    cache = new RecordDirectoryCache(d, () => readAllRecords(ctx), (r) => r.username);
    caches.set(d, cache);
  }
  return cache;
}

/** Every record, from the cache the agent's own writes keep current (record-directory-cache.ts). */
export async function listAccountRecords(ctx: RecordContext): Promise<AccountRecordFile[]> {
  mkdirSync(dir(ctx), { recursive: true, mode: 0o700 });
  return cacheOf(ctx).list();
}

/** First step of create, last of delete. */
export const accountRecordStep: Step<AccountSpec> = {
  name: 'account_record',
  async apply(spec, ctx) {
    mkdirSync(dir(ctx), { recursive: true, mode: 0o700 });
    const existing = await readAccountRecord(ctx, spec.username);
    if (existing) return;
    const record: AccountRecordFile = { username: spec.username, domain: spec.domain, limits: spec.limits, createdAt: new Date().toISOString() };
    await writeRecord(ctx, record);
  },
  async undo(spec, ctx) {
    await removeRecord(ctx, spec.username);
  },
};

export const removeAccountRecordStep: Step<AccountSpec> = {
  name: 'remove_account_record',
  apply: (spec, ctx) => accountRecordStep.undo(spec, ctx),
  async undo() {},
};

async function writeLimits(ctx: RecordContext, username: string, limits: AccountSpec['limits']): Promise<void> {
  const existing = await readAccountRecord(ctx, username);
  if (!existing) throw new Error(`account record of ${username} is missing`);
  if (JSON.stringify(existing.limits) === JSON.stringify(limits)) return;
  await writeRecord(ctx, { ...existing, limits });
}

/**
 * A package change's new limits in the record: what repair rebuilds from, and what FTP
 * and Web Disk read as the account's disk quota at their next login.
 */
export const accountRecordLimitsStep: Step<LimitsChange> = {
  name: 'account_record_limits',
  apply: (change, ctx) => writeLimits(ctx, change.username, change.limits),
  undo: (change, ctx) => writeLimits(ctx, change.username, change.before),
};

/**
 * The absolute document root of an added domain (addon, subdomain, alias) of `username`,
 * or undefined for the primary domain or an unknown one: what a vhost rewrite outside the
 * domains module (a TLS install) must keep serving.
 */
export async function addedDomainRoot(ctx: RecordContext, username: string, domain: string): Promise<string | undefined> {
  const entry = (await readAccountRecord(ctx, username))?.domains?.find((d) => d.domain === domain);
  return entry ? join(ctx.config.homeRoot, username, entry.documentRoot) : undefined;
}
