import type { Step } from '../operations/step';
import { readAccountRecord, writeAccountRecord } from '../operations/account-record';
import type { AccountDomainEntry } from '../operations/account-record';
import type { DomainParts, DomainSpec } from './domain-spec';

/** Replaces (or adds, or with null removes) the record's entry for `domain`. */
async function setEntry(ctx: Parameters<Step<DomainSpec, DomainParts>['apply']>[1], username: string, domain: string, entry: AccountDomainEntry | null): Promise<void> {
  const record = await readAccountRecord(ctx, username);
  if (!record) return;
  const others = (record.domains ?? []).filter((d) => d.domain !== domain);
  const domains = entry ? [...others, entry] : others;
  if (JSON.stringify(domains) === JSON.stringify(record.domains ?? [])) return;
  await writeAccountRecord(ctx, { ...record, domains });
}

/**
 * Add, first step: the agent's record claims the domain for the account before anything
 * is built, so ownership and conflict checks (operations/account-ownership) and a crash
 * recovery see it; undo drops the claim. Remove, last step: the claim goes once
 * everything else is gone.
 */
export const domainRecordStep: Step<DomainSpec, DomainParts> = {
  name: 'domain_record',
  apply: (spec, ctx) => setEntry(ctx, spec.username, spec.entry.domain, spec.entry),
  undo: (spec, ctx) => setEntry(ctx, spec.username, spec.entry.domain, null),
};

export const removeDomainRecordStep: Step<DomainSpec, DomainParts> = {
  name: 'remove_domain_record',
  apply: (spec, ctx) => setEntry(ctx, spec.username, spec.entry.domain, null),
  async undo() {},
};

/** The journal input of a document-root change: the new entry, the old one and the aliases that follow it. */
export interface DocumentRootChange extends DomainSpec {
  before: AccountDomainEntry;
  aliases: AccountDomainEntry[];
}

async function setRoots(ctx: Parameters<Step<DomainSpec, DomainParts>['apply']>[1], change: DocumentRootChange, root: string): Promise<void> {
  const record = await readAccountRecord(ctx, change.username);
  if (!record) return;
  const domains = (record.domains ?? []).map((d) =>
    d.domain === change.entry.domain || (d.type === 'alias' && d.target === change.entry.domain) ? { ...d, documentRoot: root } : d);
  await writeAccountRecord(ctx, { ...record, domains });
}

/** Update: the entry and its aliases' with the new document root (undo puts the old one back). */
export const documentRootRecordStep: Step<DocumentRootChange, DomainParts> = {
  name: 'domain_record_document_root',
  apply: (change, ctx) => setRoots(ctx, change, change.entry.documentRoot),
  undo: (change, ctx) => setRoots(ctx, change, change.before.documentRoot),
};
