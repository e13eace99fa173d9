import { resolveWebConfig } from './web-config';
import { planNginxTest, scopedMainConfig } from './nginx-scoped-test';
import type { ConfigSnapshot } from './config-snapshot';
import { HTTPS_ENTRY_FILE } from './render-nginx-https-entry';
import { SITES_ENTRY_FILE } from './render-nginx-sites-entry';

const cfg = resolveWebConfig({}).nginx;
const avail = (d: string) => `${cfg.sitesAvailable}/${d}.conf`;
const enabled = (d: string) => `${cfg.sitesEnabled}/${d}.conf`;
const snap = (entries: Record<string, string>): ConfigSnapshot => new Map(Object.entries(entries));

describe('planNginxTest', () => {
  const before = snap({ [cfg.mainConfig]: 'm1', [avail('a.test')]: 'a1', [enabled('a.test')]: 'a1' });

  test('a new vhost alone is tested alone, through its sites-enabled link', () => {
    const now = snap({ ...Object.fromEntries(before), [avail('b.test')]: 'b1', [enabled('b.test')]: 'b1' });
    expect(planNginxTest(cfg, before, now, [avail('b.test'), enabled('b.test')])).toEqual({ kind: 'scoped', enabled: [enabled('b.test')] });
  });

  test('a rewritten vhost counts through its link, whose stamp follows the file', () => {
    const now = snap({ ...Object.fromEntries(before), [avail('a.test')]: 'a2', [enabled('a.test')]: 'a2' });
    expect(planNginxTest(cfg, before, now, [avail('a.test')])).toEqual({ kind: 'scoped', enabled: [enabled('a.test')] });
  });

  test('the whole configuration when nothing passed yet, when anything else moved, or for another file', () => {
    const now = snap({ ...Object.fromEntries(before), [avail('b.test')]: 'b1', [enabled('b.test')]: 'b1' });
    const changed = [avail('b.test'), enabled('b.test')];
    expect(planNginxTest(cfg, null, now, changed)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, new Map([...now, [cfg.mainConfig, 'm2']]), changed)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, new Map([...now, [avail('a.test'), 'edited by hand']]), changed)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, now, [...changed, '/etc/nginx/fastcgi_params'])).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, now, [])).toEqual({ kind: 'whole' });
  });

  test('the HTTPS entry is tested with every scoped batch once it exists, and its own change is tested whole', () => {
    const entry = `${cfg.sitesEnabled}/${HTTPS_ENTRY_FILE}`;
    const withEntry = new Map([...before, [entry, 'e1']]);
    const now = new Map([...withEntry, [avail('b.test'), 'b1'], [enabled('b.test'), 'b1']]);
    expect(planNginxTest(cfg, withEntry, now, [avail('b.test'), enabled('b.test')])).toEqual({ kind: 'scoped', enabled: [entry, enabled('b.test')] });
    // The entry appearing outside a batch (written by the TLS module): nothing is known good.
    expect(planNginxTest(cfg, before, now, [avail('b.test'), enabled('b.test')])).toEqual({ kind: 'whole' });
  });

  test('with both entries, the sites entry comes first, then the HTTPS entry, then the batch', () => {
    const https = `${cfg.sitesEnabled}/${HTTPS_ENTRY_FILE}`;
    const sites = `${cfg.sitesEnabled}/${SITES_ENTRY_FILE}`;
    const withEntries = new Map([...before, [https, 'e1'], [sites, 'f1']]);
    const now = new Map([...withEntries, [avail('b.test'), 'b1'], [enabled('b.test'), 'b1']]);
    expect(planNginxTest(cfg, withEntries, now, [avail('b.test'), enabled('b.test')])).toEqual({ kind: 'scoped', enabled: [sites, https, enabled('b.test')] });
  });

  test('removals alone need no test', () => {
    const now = snap({ [cfg.mainConfig]: 'm1' });
    expect(planNginxTest(cfg, before, now, [enabled('a.test'), avail('a.test')])).toEqual({ kind: 'skip' });
  });
});

describe('scopedMainConfig', () => {
  const main = ['http {', '    server { listen 80 default_server; return 404; }', `    include ${cfg.sitesEnabled}/*;`, '}', ''].join('\n');

  test('the sites-enabled include gives way to the files under test', () => {
    const text = scopedMainConfig(main, cfg.sitesEnabled, [enabled('b.test')]);
    expect(text).toContain(`include ${enabled('b.test')};`);
    expect(text).not.toContain('/*;');
    expect(text).toContain('default_server');
  });

  test('no such line, or two, and only a whole test is sound', () => {
    expect(scopedMainConfig('http { include /elsewhere/*; }', cfg.sitesEnabled, [enabled('b.test')])).toBeNull();
    expect(scopedMainConfig(`${main}\n    include ${cfg.sitesEnabled}/*;\n`, cfg.sitesEnabled, [enabled('b.test')])).toBeNull();
  });
});
