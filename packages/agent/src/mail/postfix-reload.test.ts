import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostfixReloader } from './postfix-reload';
import { ExecError, type Exec } from '../system/exec';

describe('PostfixReloader', () => {
  it('coalesces parallel callers into at most one reload after the running one', async () => {
    let calls = 0;
    const gates: (() => void)[] = [];
    const exec: Exec = async (file, args) => {
      calls++;
      expect([file, ...args]).toEqual(['/usr/sbin/postfix', '-c', '/etc/postfix', 'reload']);
      await new Promise<void>((r) => gates.push(r));
      return { stdout: '', stderr: '', code: 0 };
    };
    const r = new PostfixReloader('/usr/sbin/postfix', '/etc/postfix', exec);
    const first = r.reload();
    const waiting = Array.from({ length: 10 }, () => r.reload());
    await new Promise((res) => setImmediate(res));
    expect(calls).toBe(1);
    gates.shift()!();
    await first;
    await new Promise((res) => setImmediate(res));
    expect(calls).toBe(2);
    gates.shift()!();
    await Promise.all(waiting);
    expect(calls).toBe(2);
  });

  it('treats a stopped Postfix as nothing to reload, and other failures as failures', async () => {
    const stopped = new PostfixReloader('/p', '/c', async (f, a) => {
      throw new ExecError(f, a, { stdout: '', stderr: 'postfix/postfix-script: fatal: the Postfix mail system is not running', code: 1 });
    });
    await expect(stopped.reload()).resolves.toBeUndefined();
    const broken = new PostfixReloader('/p', '/c', async (f, a) => {
      throw new ExecError(f, a, { stdout: '', stderr: 'fatal: bad config', code: 1 });
    });
    await expect(broken.reload()).rejects.toThrow('bad config');
  });

  it('signals the master itself; falls back to `postfix reload` when the pid is not a Postfix master', async () => {
    const queue = mkdtempSync(join(tmpdir(), 'hearth-postfix-queue-'));
    mkdirSync(join(queue, 'pid'));
    const calls: string[][] = [];
    const exec: Exec = async (file, args) => {
      calls.push([file, ...args]);
      return { stdout: file.endsWith('/postconf') ? `${queue}\n` : '', stderr: '', code: 0 };
    };
    try {
      // Stopped: no pid file, nothing to reload and no command run.
      await new PostfixReloader('/usr/sbin/postfix', '/etc/postfix', exec, true).reload();
      expect(calls).toEqual([['/usr/sbin/postconf', '-c', '/etc/postfix', '-h', 'queue_directory']]);
      // This test's own pid is not a process named "master": never signalled, the command runs instead.
      writeFileSync(join(queue, 'pid', 'master.pid'), `${String(process.pid).padStart(10)}\n`);
      calls.length = 0;
      await new PostfixReloader('/usr/sbin/postfix', '/etc/postfix', exec, true).reload();
      expect(calls.at(-1)).toEqual(['/usr/sbin/postfix', '-c', '/etc/postfix', 'reload']);
    } finally {
      rmSync(queue, { recursive: true, force: true });
    }
  });
});

describe('PostfixReloader with a minimum interval', () => {
  const recorder = () => {
    const at: number[] = [];
    const exec: Exec = async () => {
      at.push(Date.now());
      return { stdout: '', stderr: '', code: 0 };
    };
    return { at, exec };
  };

  it('reloads at once a few times in a row (a create right after a delete), then no sooner than the interval', async () => {
    const { at, exec } = recorder();
    const r = new PostfixReloader('/p', '/c', exec, false, 200);
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await r.reload();
    expect(at[2] - t0).toBeLessThan(100);
    await r.reload();
    expect(at).toHaveLength(4);
    expect(at[3] - at[2]).toBeGreaterThanOrEqual(150);
  });

  it('under steady load, callers within one interval share the reload that follows their edits', async () => {
    const { at, exec } = recorder();
    const r = new PostfixReloader('/p', '/c', exec, false, 200);
    for (let i = 0; i < 3; i++) await r.reload();
    const waiting: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      waiting.push(r.reload());
      await new Promise((res) => setTimeout(res, 20));
    }
    await Promise.all(waiting);
    expect(at).toHaveLength(4);
  });

  it('once Postfix has been left alone, a reload starts at once again', async () => {
    const { at, exec } = recorder();
    const r = new PostfixReloader('/p', '/c', exec, false, 100);
    for (let i = 0; i < 4; i++) await r.reload();
    await new Promise((res) => setTimeout(res, 150));
    const t = Date.now();
    await r.reload();
    expect(at[4] - t).toBeLessThan(50);
  });
});
