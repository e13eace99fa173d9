import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { AccountSpec, Step, StepContext } from '../operations/step';
import { readJsonIfExists, writeFileDurably } from '../system/durable-file';
import { findManagedUser } from './managed-user';
import { readShadowFields } from './passwd';

interface SavedLogin {
  password: string;
  expire: string;
}

function savedPath(ctx: StepContext, username: string): string {
  return join(ctx.config.stateDir, 'suspended', `${username}.login.json`);
}

export async function isLoginLocked(ctx: StepContext, username: string): Promise<boolean> {
  return (await readJsonIfExists(savedPath(ctx, username))) !== null;
}

/**
 * Suspension of the login: the exact shadow password field and expiry are saved first,
 * then the password is locked and the account expired (which also stops key-based
 * logins). Restoring writes back exactly what was saved.
 */
export const lockLoginStep: Step<AccountSpec> = {
  name: 'lock_login',
  async apply(spec, ctx) {
    if (!(await findManagedUser(ctx.config, spec.username))) throw new Error(`user ${spec.username} is missing`);
    const path = savedPath(ctx, spec.username);
    if (!(await readJsonIfExists<SavedLogin>(path))) {
      const shadow = await readShadowFields(spec.username);
      if (!shadow) throw new Error(`no shadow entry for ${spec.username}`);
      await fs.mkdir(join(ctx.config.stateDir, 'suspended'), { recursive: true, mode: 0o700 });
      await writeFileDurably(path, JSON.stringify(shadow));
    }
    await ctx.parts.exec('usermod', ['--lock', '--expiredate', '1', spec.username]);
  },
  async undo(spec, ctx) {
    await restoreLogin(spec.username, ctx);
  },
};

export async function restoreLogin(username: string, ctx: StepContext): Promise<void> {
  const path = savedPath(ctx, username);
  const saved = await readJsonIfExists<SavedLogin>(path);
  if (!saved) return;
  if (await findManagedUser(ctx.config, username)) {
    // The hash goes through stdin, never argv, so no other process can read it from ps.
    await ctx.parts.exec('chpasswd', ['--encrypted'], { input: `${username}:${saved.password}\n` });
    await ctx.parts.exec('usermod', ['--expiredate', saved.expire === '' ? '' : expireDate(saved.expire), username]);
  }
  await fs.rm(path, { force: true });
}

/** shadow stores days since the epoch; usermod wants YYYY-MM-DD. */
function expireDate(days: string): string {
  return new Date(Number(days) * 86_400_000).toISOString().slice(0, 10);
}

export const unlockLoginStep: Step<AccountSpec> = {
  name: 'unlock_login',
  apply: (spec, ctx) => restoreLogin(spec.username, ctx),
  async undo(spec, ctx) {
    await lockLoginStep.apply(spec, ctx);
  },
};
