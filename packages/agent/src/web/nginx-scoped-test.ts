import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NginxConfig } from './web-config';
import type { ConfigSnapshot } from './config-snapshot';
import { onlyChanged } from './config-snapshot';
import { LOAD_AT_HANDSHAKE } from './render-nginx-vhost';

/** What a batch of changed paths needs from `nginx -t`. */
export type NginxTestPlan = { kind: 'whole' } | { kind: 'skip' } | { kind: 'scoped'; enabled: string[] };

/**
 * Decides how much of the configuration a batch must test. Scoped only when the rest is
 * known good (it passed a test and nothing but the batch moved since) and the batch holds
 * vhost files, plus files those vhosts name (a certificate install: the vhost that names
 * the certificate and key is tested with the batch; a vhost naming them with
 * LOAD_AT_HANDSHAKE loads them at the handshake, so the TLS module checks them before
 * install, certificate-check.ts). The main file or anything else brings the whole test.
 * A sites-available file counts through its sites-enabled link of the same name (the
 * link's stamp follows its target). Removals alone skip the test: the default server
 * stays in the main file, and a vhost is self-contained (no zone or upstream another
 * vhost could depend on). `texts` holds the content of the batch's enabled vhosts.
 */
export function planNginxTest(
  cfg: NginxConfig, lastGood: ConfigSnapshot | null, now: ConfigSnapshot, changed: readonly string[], texts: ReadonlyMap<string, string>,
): NginxTestPlan {
  if (lastGood === null || changed.length === 0) return { kind: 'whole' };
  const inSites = (p: string) => (dirname(p) === cfg.sitesAvailable || dirname(p) === cfg.sitesEnabled) && p.endsWith('.conf');
  const sites = changed.filter(inSites);
  const names = (t: string, p: string) => t.includes(` ${p};`) || t.includes(` ${p}${LOAD_AT_HANDSHAKE};`);
  const named = (p: string) => !now.has(p) && [...texts.values()].some((t) => names(t, p));
  if (!changed.every((p) => inSites(p) || named(p))) return { kind: 'whole' };
  const enabled = batchVhosts(cfg, sites);
  if (!onlyChanged(lastGood, now, new Set([...sites, ...enabled]))) return { kind: 'whole' };
  const present = enabled.filter((p) => now.has(p));
  return present.length === 0 ? { kind: 'skip' } : { kind: 'scoped', enabled: present };
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
