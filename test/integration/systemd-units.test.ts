import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../harness/stack';

/*
 * Issue 14: the units in deploy/systemd/ as quickstart installs them (prefix and node path
 * rewritten), checked by systemd's own tools without a running systemd:
 * `systemd-analyze verify` (syntax, executables) and `systemd-analyze security --offline`
 * (exposure: API ≤ 2.0, agent ≤ 5.5, the others no worse than the agent).
 */
const UNITS: Record<string, number> = { 'hearth-api': 2.0, 'hearth-agent': 5.5, 'hearth-ftpd': 5.5, 'hearth-webdisk': 5.5 };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(process.env.HEARTH_TEST_BASE ?? '/tmp', 'units-'));
  const node = execFileSync('sh', ['-c', 'command -v node']).toString().trim();
  for (const unit of Object.keys(UNITS)) {
    // What deploy/lib/systemd.sh install_unit does.
    const text = readFileSync(join(REPO, 'deploy', 'systemd', `${unit}.service`), 'utf8')
      .replaceAll('/opt/hearth', REPO).replaceAll('/usr/bin/node ', `${node} `);
    writeFileSync(join(dir, `${unit}.service`), text);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('systemd-analyze verify accepts every unit', () => {
  const files = Object.keys(UNITS).map((u) => join(dir, `${u}.service`));
  // Throws (non-zero exit) on any error; warnings about the missing env file are fine.
  execFileSync('systemd-analyze', ['verify', '--man=no', ...files], { stdio: 'pipe' });
});

test.each(Object.entries(UNITS))('%s is at most %d exposed by systemd-analyze security', (unit, bound) => {
  const out = execFileSync('systemd-analyze', ['security', '--offline=true', '--no-pager', `${unit}.service`], { cwd: dir }).toString();
  const m = /Overall exposure level for \S+: (\d+\.\d+)/.exec(out);
  expect(m).not.toBeNull();
  const level = Number(m![1]);
  console.log(`systemd-analyze security ${unit}: ${level} (bound ${bound})`);
  expect(level).toBeLessThanOrEqual(bound);
});

test('Type=notify with a watchdog for the agent and the API; every unit restarts on failure', () => {
  for (const unit of Object.keys(UNITS)) {
    const text = readFileSync(join(REPO, 'deploy', 'systemd', `${unit}.service`), 'utf8');
    expect(text).toMatch(/^Restart=on-failure$/m);
    if (unit === 'hearth-api' || unit === 'hearth-agent') {
      expect(text).toMatch(/^Type=notify$/m);
      expect(text).toMatch(/^WatchdogSec=\d+s$/m);
      expect(text).toMatch(/^NotifyAccess=main$/m);
    }
  }
});
