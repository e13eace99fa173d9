import { resolveWebConfig } from './web-config';
import { planNginxTest, scopedMainConfig } from './nginx-scoped-test';
import type { ConfigSnapshot } from './config-snapshot';
import { LOAD_AT_HANDSHAKE } from './render-nginx-vhost';

const cfg = resolveWebConfig({}).nginx;
const avail = (d: string) => `${cfg.sitesAvailable}/${d}.conf`;
const enabled = (d: string) => `${cfg.sitesEnabled}/${d}.conf`;
const NO_TEXTS = new Map<string, string>();
const snap = (entries: Record<string, string>): ConfigSnapshot => new Map(Object.entries(entries));

describe('planNginxTest', () => {
  const before = snap({ [cfg.mainConfig]: 'm1', [avail('a.test')]: 'a1', [enabled('a.test')]: 'a1' });

  test('a new vhost alone is tested alone, through its sites-enabled link', () => {
    const now = snap({ ...Object.fromEntries(before), [avail('b.test')]: 'b1', [enabled('b.test')]: 'b1' });
    expect(planNginxTest(cfg, before, now, [avail('b.test'), enabled('b.test')], NO_TEXTS)).toEqual({ kind: 'scoped', enabled: [enabled('b.test')] });
  });

  test('a rewritten vhost counts through its link, whose stamp follows the file', () => {
    const now = snap({ ...Object.fromEntries(before), [avail('a.test')]: 'a2', [enabled('a.test')]: 'a2' });
    expect(planNginxTest(cfg, before, now, [avail('a.test')], NO_TEXTS)).toEqual({ kind: 'scoped', enabled: [enabled('a.test')] });
  });

  test('the whole configuration when nothing passed yet, when anything else moved, or for a certificate', () => {
    const now = snap({ ...Object.fromEntries(before), [avail('b.test')]: 'b1', [enabled('b.test')]: 'b1' });
    const changed = [avail('b.test'), enabled('b.test')];
    expect(planNginxTest(cfg, null, now, changed, NO_TEXTS)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, new Map([...now, [cfg.mainConfig, 'm2']]), changed, NO_TEXTS)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, new Map([...now, [avail('a.test'), 'edited by hand']]), changed, NO_TEXTS)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, now, [...changed, '/etc/hearth/tls/b.test/fullchain.pem'], NO_TEXTS)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, now, [], NO_TEXTS)).toEqual({ kind: 'whole' });
  });

  test('a certificate install is scoped when a vhost of the batch names its files, whole otherwise', () => {
    const cert = '/etc/hearth/tls/live/a.test/fullchain.pem';
    const key = '/etc/hearth/tls/live/a.test/privkey.pem';
    const now = snap({ ...Object.fromEntries(before), [avail('a.test')]: 'a2', [enabled('a.test')]: 'a2' });
    const texts = new Map([[enabled('a.test'), `server {\n    ssl_certificate ${cert};\n    ssl_certificate_key ${key};\n}`]]);
    expect(planNginxTest(cfg, before, now, [cert, key, avail('a.test')], texts)).toEqual({ kind: 'scoped', enabled: [enabled('a.test')] });
    expect(planNginxTest(cfg, before, before, [cert, key], NO_TEXTS)).toEqual({ kind: 'whole' });
    expect(planNginxTest(cfg, before, now, [cert, '/etc/hearth/tls/live/b.test/privkey.pem', avail('a.test')], texts)).toEqual({ kind: 'whole' });
    const lazy = new Map([[enabled('a.test'), `server {\n    ssl_certificate ${cert}${LOAD_AT_HANDSHAKE};\n    ssl_certificate_key ${key}${LOAD_AT_HANDSHAKE};\n}`]]);
    expect(planNginxTest(cfg, before, now, [cert, key, avail('a.test')], lazy)).toEqual({ kind: 'scoped', enabled: [enabled('a.test')] });
  });

  test('removals alone need no test', () => {
    const now = snap({ [cfg.mainConfig]: 'm1' });
    expect(planNginxTest(cfg, before, now, [enabled('a.test'), avail('a.test')], NO_TEXTS)).toEqual({ kind: 'skip' });
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
