import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectServiceControl, SystemdServiceControl, createServiceControl } from './service-control';
import type { Exec } from '../system/exec';

describe('service control', () => {
  it('systemd mode asks systemctl to reload the unit (argv, no shell)', async () => {
    const calls: [string, readonly string[]][] = [];
    const exec: Exec = async (file, args) => {
      calls.push([file, args]);
      return { stdout: '', stderr: '', code: 0 };
    };
    const control = createServiceControl('systemd', exec);
    expect(control).toBeInstanceOf(SystemdServiceControl);
    await control.reload({ unit: 'php8.2-fpm', pidFile: '/run/php/php8.2-fpm.pid', signal: 'SIGUSR2' });
    expect(calls).toEqual([['systemctl', ['reload', 'php8.2-fpm']]]);
  });

  it('direct mode signals the pid in the pid file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-sc-'));
    const child = spawn('sleep', ['30']);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    writeFileSync(join(dir, 'master.pid'), `${child.pid}\n`);
    const control = createServiceControl('direct', (async () => { throw new Error('no exec in direct mode'); }) as Exec);
    expect(control).toBeInstanceOf(DirectServiceControl);
    await control.reload({ unit: 'x', pidFile: join(dir, 'master.pid'), signal: 'SIGHUP' });
    expect(await exited).toBe('SIGHUP');
    rmSync(dir, { recursive: true, force: true });
  });

  it('direct mode reports a missing master as a dependency problem', async () => {
    const missing = { unit: 'x', pidFile: '/nonexistent/nginx.pid', signal: 'SIGHUP' as const };
    await expect(new DirectServiceControl().reload(missing))
      .rejects.toMatchObject({ code: 'dependency_unavailable' });
  });
});
