import type { proto } from '@hearth/shared';
import { NotFoundError } from '@hearth/shared';
import type { AccountSpec, StepContext } from '../operations/step';
import { listAccountRecords, readAccountRecord } from '../operations/account-record';
import type { AccountLifecycle } from './account-lifecycle';
import { isLoginLocked } from '../users/login-lock-step';
import { readPasswd } from '../users/passwd';
import { homeOf, isManaged } from '../users/managed-user';
import { promises as fs } from 'node:fs';
import { removeHomeStep, removeUserStep } from '../users/delete-steps';

/** agent.proto's HostAccount and Orphan, generated from proto/. */
export type HostAccountMsg = proto.HostAccount__Output;
export type OrphanMsg = proto.Orphan__Output;

async function describe<P>(ctx: StepContext<P>, lifecycle: AccountLifecycle<P>, username: string, domain: string, managedUsers: Set<string>): Promise<HostAccountMsg> {
  const suspended = managedUsers.has(username) && (await isLoginLocked(ctx, username));
  const present: string[] = [];
  const expected = ['user', 'home'];
  if (managedUsers.has(username)) present.push('user');
  if ((await fs.lstat(homeOf(ctx.config, username)).catch(() => null))?.isDirectory()) present.push('home');
  for (const probe of lifecycle.probes) {
    if (probe.expected?.(ctx, suspended) ?? true) expected.push(probe.component);
    if (await probe({ username, domain }, ctx)) present.push(probe.component);
  }
  return { username, domain, suspended, present, expected };
}

/** Every account the agent provisioned, and every Hearth-made thing that has no account. */
export async function inventory<P>(ctx: StepContext<P>, lifecycle: AccountLifecycle<P>): Promise<{ accounts: HostAccountMsg[]; orphans: OrphanMsg[] }> {
  const records = await listAccountRecords(ctx);
  const managed = new Set((await readPasswd()).filter((u) => isManaged(ctx.config, u)).map((u) => u.name));
  const accounts = await Promise.all(records.map((r) => describe(ctx, lifecycle, r.username, r.domain, managed)));
  const known = new Set(records.map((r) => r.username));
  const orphans: OrphanMsg[] = [...managed]
    .filter((name) => !known.has(name))
    .map((name) => ({ kind: 'account', name, detail: 'Hearth-managed Linux user without an account record' }));
  // An account's addon domains, subdomains and aliases are its own, like the primary:
  // their vhosts and zones are known, not orphans.
  const owned = records.flatMap((r) => [r, ...(r.domains ?? []).map((d) => ({ ...r, domain: d.domain }))]);
  for (const scanner of lifecycle.orphanScanners) {
    orphans.push(...(await scanner.scan(ctx, owned)).map((o) => ({ kind: scanner.kind, ...o })));
  }
  return { accounts, orphans };
}

/** Removes one orphan. An "account" orphan with a record is deleted like any account. */
export async function orphanRemovalPlan<P>(ctx: StepContext<P>, lifecycle: AccountLifecycle<P>, kind: string, name: string): Promise<(() => Promise<void>) | { deleteSpec: AccountSpec }> {
  if (kind === 'account') {
    const record = await readAccountRecord(ctx, name);
    if (record) return { deleteSpec: { username: record.username, domain: record.domain, limits: record.limits } };
    // No record, so no domain: only the user-level pieces can exist.
    const spec = { username: name, domain: 'unknown.invalid', limits: { phpVersion: '8.2', phpWorkers: 0, phpMemoryMb: 0, diskQuotaMb: 0 } };
    return async () => {
      for (const step of [removeHomeStep, removeUserStep]) await step.apply(spec, ctx);
    };
  }
  const scanner = lifecycle.orphanScanners.find((s) => s.kind === kind);
  if (!scanner) throw new NotFoundError(`Unknown orphan kind ${kind}`);
  return () => scanner.remove(name, ctx);
}
