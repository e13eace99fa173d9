import { promises as fs } from 'node:fs';
import { join } from 'node:path';

import { readJsonIfExists, writeFileDurably } from '../system/durable-file';
import { AccountWeb, poolLocations } from './account-web';
import { PreviousState, readState } from './file-changes';
import type { WebContext, WebDaemonsContext } from './web-parts';

/** A file as it was before suspension, byte for byte. */
interface SavedFile {
  path: string;
  kind: 'absent' | 'file' | 'symlink';
  base64?: string;
  mode?: number;
  target?: string;
}

/** What suspend replaced: the vhost and the pool, so unsuspend can put back exactly them. */
export interface SuspensionSnapshot {
  username: string;
  domain: string;
  vhost: SavedFile;
  /** The sites-enabled symlink (absent if the site was never enabled). */
  link: SavedFile;
  pools: { version: string; file: SavedFile }[];
}

function save(state: PreviousState): SavedFile {
  if (state.kind === 'file') return { path: state.path, kind: 'file', base64: state.content.toString('base64'), mode: state.mode };
  if (state.kind === 'symlink') return { path: state.path, kind: 'symlink', target: state.target };
  return { path: state.path, kind: 'absent' };
}

export function savedToChange(saved: SavedFile) {
  if (saved.kind === 'file') return { path: saved.path, write: Buffer.from(saved.base64 ?? '', 'base64').toString(), mode: saved.mode };
  if (saved.kind === 'symlink') return { path: saved.path, symlinkTo: saved.target ?? '' };
  return { path: saved.path, remove: true as const };
}

function snapshotPath(a: AccountWeb, ctx: WebDaemonsContext): string {
  return join(ctx.config.stateDir, 'web-suspended', `${a.account.domain}.json`);
}

export async function readSnapshot(a: AccountWeb, ctx: WebDaemonsContext): Promise<SuspensionSnapshot | null> {
  return readJsonIfExists<SuspensionSnapshot>(snapshotPath(a, ctx));
}

/**
 * Returns the snapshot, taking it from the files on disk first if there is none. Taken
 * once, before anything is changed, and kept until unsuspend finished: a repeated
 * suspend never overwrites it with the suspended files.
 */
export async function ensureSnapshot(a: AccountWeb, ctx: WebContext): Promise<SuspensionSnapshot> {
  const existing = await readSnapshot(a, ctx);
  if (existing) return existing;
  const pools = [];
  for (const loc of poolLocations(a)) {
    const state = await readState(loc.path);
    if (state.kind !== 'absent') pools.push({ version: loc.version, file: save(state) });
  }
  const snapshot: SuspensionSnapshot = {
    username: a.account.username,
    domain: a.account.domain,
    vhost: save(await readState(a.paths.vhostFile)),
    link: save(await readState(a.paths.enabledLink)),
    pools,
  };
  const path = snapshotPath(a, ctx);
  await fs.mkdir(join(ctx.config.stateDir, 'web-suspended'), { recursive: true, mode: 0o700 });
  await writeFileDurably(path, JSON.stringify(snapshot), 0o600);
  return snapshot;
}

export async function dropSnapshot(a: AccountWeb, ctx: WebContext): Promise<void> {
  await fs.rm(snapshotPath(a, ctx), { force: true });
  await fs.rm(a.paths.suspendedPageDir, { recursive: true, force: true });
}
