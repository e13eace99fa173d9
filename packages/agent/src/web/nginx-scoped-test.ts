import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NginxConfig } from './web-config';
import type { ConfigSnapshot } from './config-snapshot';
import { onlyChanged } from './config-snapshot';
import { HTTPS_ENTRY_FILE } from './render-nginx-https-entry';
import { SITES_ENTRY_FILE } from './render-nginx-sites-entry';

/** What a batch of changed paths needs from `nginx -t`. */
export type NginxTestPlan = { kind: 'whole' } | { kind: 'skip' } | { kind: 'scoped'; enabled: string[] };

/**
 * Decides how much of the configuration a batch must test. Scoped only when the rest is
 * known good (it passed a test and nothing but the batch moved since) and the batch holds
 * only vhost files (certificates are loaded at the handshake and never reach the test:
 * the coordinator leaves them out of `changed`). The main file or anything else brings
 * the whole test. A sites-available file counts through its sites-enabled link of the
 * same name (the link's stamp follows its target). The entries (what every vhost
 * inherits, the default server every site's `listen … ssl` needs) are
 * tested with the batch whenever they exist.
 * Removals alone skip the test: the default servers stay, and a vhost is self-contained
 * (no zone or upstream another vhost could depend on).
 */
export function planNginxTest(cfg: NginxConfig, lastGood: ConfigSnapshot | null, now: ConfigSnapshot, changed: readonly string[]): NginxTestPlan {
  if (lastGood === null || changed.length === 0) return { kind: 'whole' };
  const inSites = (p: string) => (dirname(p) === cfg.sitesAvailable || dirname(p) === cfg.sitesEnabled) && p.endsWith('.conf');
  if (!changed.every(inSites)) return { kind: 'whole' };
  const enabled = batchVhosts(cfg, changed);
  if (!onlyChanged(lastGood, now, new Set([...changed, ...enabled]))) return { kind: 'whole' };
  const present = enabled.filter((p) => now.has(p));
  if (present.length === 0) return { kind: 'skip' };
  const entries = [SITES_ENTRY_FILE, HTTPS_ENTRY_FILE].map((f) => join(cfg.sitesEnabled, f)).filter((e) => now.has(e) && !present.includes(e));
  return { kind: 'scoped', enabled: [...entries, ...present] };
}

/** The sites-enabled paths a batch's changed site files stand for (sorted, unique). */
export function batchVhosts(cfg: NginxConfig, changed: readonly string[]): string[] {
  const inSites = (p: string) => dirname(p) === cfg.sitesAvailable || dirname(p) === cfg.sitesEnabled;
  return [...new Set(changed.filter(inSites).map((p) => join(cfg.sitesEnabled, basename(p))))].sort();
}

/**
 * The main file with its sites-enabled include replaced by `files`, or null when the main
 * file has no such line exactly once (then only a whole test is sound).
 */
export function scopedMainConfig(mainText: string, sitesEnabled: string, files: readonly string[]): string | null {
  const lines = mainText.split('\n');
  const wanted = `include ${sitesEnabled}/*;`;
  const at = lines.map((l) => l.trim()).flatMap((l, i) => (l === wanted ? [i] : []));
  if (at.length !== 1) return null;
  lines.splice(at[0], 1, ...files.map((f) => `    include ${f};`));
  return lines.join('\n');
}

/**
 * Writes the throw-away main file beside the real one (relative paths in it resolve the
 * same: nginx takes its configuration prefix from the -c file's directory), runs `test`
 * on it and removes it. The name starts with a dot, so no include glob picks it up.
 */
export async function withScopedMain<T>(mainConfig: string, text: string, test: (path: string) => Promise<T>): Promise<T> {
  const path = join(dirname(mainConfig), `.hearth-test-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.conf`);
  await fs.writeFile(path, text, { mode: 0o600, flag: 'wx' });
  try {
    return await test(path);
  } finally {
    await fs.rm(path, { force: true });
  }
}
