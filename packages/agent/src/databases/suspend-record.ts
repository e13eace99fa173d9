import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonIfExists, writeFileDurably } from '../system/durable-file';

/**
 * Which database users suspension locked, per account. Unsuspend unlocks exactly these,
 * so a user that was already locked for another reason stays locked. Written durably
 * before any user is locked, so a crash in between can still be undone.
 */
export interface SuspendRecord {
  /** `${user}@${host}` of every account the suspension locked. */
  locked: string[];
}

function dir(stateDir: string): string {
  return join(stateDir, 'databases');
}

export function suspendRecordPath(stateDir: string, username: string): string {
  return join(dir(stateDir), `${username}.suspended.json`);
}

export function readSuspendRecord(stateDir: string, username: string): Promise<SuspendRecord | null> {
  return readJsonIfExists<SuspendRecord>(suspendRecordPath(stateDir, username));
}

export async function writeSuspendRecord(stateDir: string, username: string, record: SuspendRecord): Promise<void> {
  mkdirSync(dir(stateDir), { recursive: true, mode: 0o700 });
  await writeFileDurably(suspendRecordPath(stateDir, username), JSON.stringify({ locked: [...new Set(record.locked)].sort() }));
}

export async function removeSuspendRecord(stateDir: string, username: string): Promise<void> {
  rmSync(suspendRecordPath(stateDir, username), { force: true });
}

export function accountKey(user: string, host: string): string {
  return `${user}@${host}`;
}

export function splitAccountKey(key: string): { user: string; host: string } {
  const at = key.lastIndexOf('@');
  return { user: key.slice(0, at), host: key.slice(at + 1) };
}
