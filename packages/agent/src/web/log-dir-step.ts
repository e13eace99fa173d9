import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { AccountSpec, Step } from '../operations/step';
import { findUser } from '../users/passwd';
import { accountWeb, AccountWeb } from './account-web';
import type { FileHandle } from 'node:fs/promises';
import { childPath, openDirNoFollow, setOwnerAndMode, withHandle } from '../users/dir-handle';
import { placeSymlink } from './file-changes';
import type { WebContext, WebParts } from './web-parts';

/*
 * The account's web logs. nginx's master runs as root and opens every access_log /
 * error_log path itself, so those paths must be out of the customer's reach: a customer
 * who could replace a directory on the path with a symlink would make root create and
 * append files wherever it points, and one who deleted it would make `nginx -t` fail for
 * every later change on the server. So nginx writes to {logRoot}/{username}/, a directory
 * root owns (`0750 root:{account group}`: the customer reads its logs, nobody else does),
 * and `~/logs/` only gets symlinks to the two files, for convenience. The customer may
 * delete or replace those symlinks: nginx never looks at them.
 */

const LOG_ROOT_MODE = 0o711; // traverse only: no listing of the other accounts' names
const LOG_DIR_MODE = 0o750;

/**
 * Creates (or repairs) a root-owned directory; refuses a symlink or a non-directory in its
 * place. Owner and mode are set on the opened descriptor, never through a path.
 */
async function ensureRootDir(path: string, mode: number, gid: number): Promise<void> {
  await fs.mkdir(path, { mode }).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  await withHandle(openDirNoFollow(path), (dir) => setOwnerAndMode(dir, 0, gid, mode));
}

/**
 * Puts `~/logs/{access,error}.log` symlinks in place, owned by the account (the customer may
 * delete or replace them). `~/logs` is the customer's: it is opened without following a
 * symlink in its place and must be a directory of the account's uid, and the links are made
 * inside that opened directory (`linkInto`), so whatever the customer swaps in
 * meanwhile, nothing is created or changed outside it. Done by the agent itself: `ln` run as
 * the customer (setpriv) cost two programs per create (about 9 ms of the machine's CPU,
 * `bench/README.md`, eighteenth pass). Best effort: a missing or odd `~/logs` is the
 * customer's choice and harms nobody.
 */
async function linkIntoHome(a: AccountWeb, ctx: WebContext, uid: number, gid: number): Promise<void> {
  const logs = await openDirNoFollow(a.paths.logsDir).catch(() => null);
  if (!logs) return;
  try {
    if ((await logs.stat()).uid !== uid) return;
    for (const target of [a.paths.accessLog, a.paths.errorLog]) await linkInto(logs, basename(target), target, { uid, gid });
  } catch (e) {
    ctx.log.warn({ dir: a.paths.logsDir, err: e }, 'could not link the logs into the home; logs are still written');
  } finally {
    await logs.close();
  }
}

/**
 * `name` in the open directory `dir` made a link to `target` owned by `owner`, unless it
 * already is that link. The entry is named through the descriptor (`childPath`), and
 * placeSymlink renames a new link over it: never followed, a file or link replaced, a
 * directory refused.
 */
export async function linkInto(dir: FileHandle, name: string, target: string, owner: { uid: number; gid: number }): Promise<void> {
  const path = childPath(dir, name);
  if ((await fs.readlink(path).catch(() => null)) === target) return;
  await placeSymlink(path, target, owner);
}

/** The log root: the administrator's directory, made if missing, never re-permissioned; root's or refused. */
export async function ensureLogRoot(logRoot: string): Promise<void> {
  await fs.mkdir(logRoot, { recursive: true, mode: LOG_ROOT_MODE });
  const root = await fs.lstat(logRoot);
  if (!root.isDirectory() || root.uid !== 0) throw new Error(`${logRoot} must be a directory owned by root`);
}

export async function ensureLogDir(a: AccountWeb, ctx: WebContext, username: string): Promise<void> {
  const user = await findUser(username);
  if (!user) throw new Error(`user ${username} is missing`);
  await ensureLogRoot(a.web.config.logRoot);
  await ensureRootDir(a.paths.logDir, LOG_DIR_MODE, user.gid);
  await linkIntoHome(a, ctx, user.uid, user.gid);
}

/** Removes {logRoot}/{username} (root's own directory: nothing in it is the customer's). */
export async function removeLogDir(a: AccountWeb, ctx: WebContext): Promise<void> {
  const stat = await fs.lstat(a.paths.logDir).catch(() => null);
  if (!stat) return;
  if (!stat.isDirectory() || stat.uid !== 0) {
    ctx.log.warn({ path: a.paths.logDir }, 'not a root-owned log directory; left in place');
    return;
  }
  await fs.rm(a.paths.logDir, { recursive: true, force: true });
}

/** Before the vhost: `nginx -t` opens the log files, so their directory must exist. */
export const webLogDirStep: Step<AccountSpec, WebParts> = {
  name: 'web_log_dir',
  async apply(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    await ensureLogDir(accountWeb(spec, ctx), ctx, spec.username);
  },
  async undo(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    // The home (and its symlinks) is removed by the home step's undo.
    await removeLogDir(accountWeb(spec, ctx), ctx);
  },
};

/**
 * Delete: after the vhost is gone (unloaded, or with its bridge links gone serving nothing
 * until the reload: nginx's open files of it then receive only that site's 404s).
 */
export const removeWebLogDirStep: Step<AccountSpec, WebParts> = {
  name: 'web_remove_log_dir',
  async apply(spec, ctx) {
    if (!ctx.parts.web.config.enabled) return;
    await removeLogDir(accountWeb(spec, ctx), ctx);
  },
  async undo() {
    // Nothing to undo: delete only goes forward.
  },
};
