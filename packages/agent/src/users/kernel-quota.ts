import type { Exec } from '../system/exec';

/*
 * Kernel user quotas for the homes, when the host has them. They need a kernel built
 * with CONFIG_QUOTA, the `quota` tools, and the home filesystem mounted with usrquota
 * (or ext4's quota feature). The development and CI machines' kernel has none, so every
 * check here is "is it really on?", and anything short of that means: not available,
 * nothing to do (FTP and mail still have their own quotas, see docs/isolation.md).
 */

/** The mount point from `quotaon -p -u` output when user quotas are on there ("user quota on /home (/dev/sda2) is on"). */
export function userQuotaOn(quotaonOutput: string): string | null {
  const m = /^user quota on (\/\S*) \(.*\) is on$/m.exec(quotaonOutput);
  return m ? m[1] : null;
}

/** The filesystem holding the homes, if user quotas are on there; null otherwise. */
export async function kernelQuotaMount(exec: Exec, homeRoot: string): Promise<string | null> {
  const cached = known.get(homeRoot);
  if (cached && cached.until > Date.now()) return cached.mount;
  const mount = await probeKernelQuota(exec, homeRoot);
  known.set(homeRoot, { mount, until: Date.now() + RECHECK_MS });
  return mount;
}

// Whether quotas are on changes only when an administrator remounts: checked every few
// minutes, not on every create and delete.
const RECHECK_MS = 5 * 60_000;
const known = new Map<string, { mount: string | null; until: number }>();

async function probeKernelQuota(exec: Exec, homeRoot: string): Promise<string | null> {
  try {
    const mount = (await exec('findmnt', ['-n', '-o', 'TARGET', '--target', homeRoot])).stdout.trim();
    if (!mount.startsWith('/')) return null;
    const state = await exec('quotaon', ['-p', '-u', mount], { okCodes: [1, 2] });
    return userQuotaOn(state.stdout) === mount ? mount : null;
  } catch {
    return null; // no quota tools, or findmnt failed: no kernel quotas here
  }
}

/** setquota's block limits are 1 KiB blocks; 0 = unlimited. Soft = hard: a plain ceiling. */
export function setquotaArgs(username: string, quotaMb: number, mount: string): string[] {
  if (!Number.isSafeInteger(quotaMb) || quotaMb < 0) throw new Error('disk quota must be a whole number of MB');
  const blocks = String(quotaMb * 1024);
  return ['-u', username, blocks, blocks, '0', '0', mount];
}

/**
 * Sets (or with 0 clears) the user's kernel block quota on the home filesystem, when that
 * filesystem has user quotas on; does nothing otherwise. Part of the home step (set) and
 * of the home's removal (cleared before userdel: a limit left on the uid would bind its
 * next owner), so it adds no step, and no crash point, of its own.
 */
export async function applyKernelQuota(exec: Exec, homeRoot: string, username: string, quotaMb: number): Promise<void> {
  const mount = await kernelQuotaMount(exec, homeRoot);
  if (!mount) return;
  await exec('setquota', setquotaArgs(username, quotaMb, mount));
}
