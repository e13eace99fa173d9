import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ConfigTestFailedError, ManagedDaemon, ReloadCoordinator } from './reload-coordinator';

/** A fake daemon whose "config test" refuses any file in the dir that contains BAD. */
class FakeDaemon implements ManagedDaemon {
  readonly name = 'fake';
  tests = 0;
  reloads: string[][] = [];
  /** When each test started and each reload ended (ms since the epoch). */
  testStarts: number[] = [];
  reloadEnds: number[] = [];
  tested: (readonly string[] | undefined)[] = [];
  constructor(private readonly dir: string, private readonly files: () => string[], private readonly reloadMs = 20) {}
  async test(changed?: readonly string[]): Promise<void> {
    this.tests++;
    this.testStarts.push(Date.now());
    this.tested.push(changed);
    await new Promise((r) => setTimeout(r, 5));
    for (const f of this.files()) {
      const p = join(this.dir, f);
      if (existsSync(p) && readFileSync(p, 'utf8').includes('BAD')) throw new ConfigTestFailedError('fake -t', `[emerg] bad ${f}`);
    }
  }
  async reload(): Promise<void> {
    await new Promise((r) => setTimeout(r, this.reloadMs));
    this.reloads.push(this.files().filter((f) => existsSync(join(this.dir, f))));
    this.reloadEnds.push(Date.now());
  }
}

describe('ReloadCoordinator', () => {
  let dir: string;
  const names = Array.from({ length: 12 }, (_, i) => `site${i}.conf`);
  const log = pino({ level: 'silent' });
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hearth-coord-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('coalesces concurrent commits into one test and one reload, resolving after it', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 30, log);
    await Promise.all(names.map((n) => coord.commit([{ path: join(dir, n), write: `ok ${n}` }])));
    expect(daemon.tests).toBe(1);
    expect(daemon.reloads).toHaveLength(1);
    expect(daemon.reloads[0]).toHaveLength(12);
    expect(coord.stats).toMatchObject({ requests: 12, reloads: 1, tests: 1, rejected: 0 });
  });

  it('tells the daemon the changed paths to test, without files it reads only at a handshake', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log);
    await coord.commit([
      { path: join(dir, 'cert.pem'), write: 'certificate', readAtHandshake: true },
      { path: join(dir, names[0]), write: 'vhost' },
    ]);
    expect(daemon.tested).toEqual([[join(dir, names[0])]]);
    expect(readFileSync(join(dir, 'cert.pem'), 'utf8')).toBe('certificate');
  });

  it('requests arriving during a reload share the next one', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log);
    const first = coord.commit([{ path: join(dir, names[0]), write: 'ok' }]);
    await new Promise((r) => setTimeout(r, 10)); // first batch is testing/reloading now
    await Promise.all([first, ...names.slice(1).map((n) => coord.commit([{ path: join(dir, n), write: 'ok' }]))]);
    expect(daemon.reloads).toHaveLength(2);
  });

  it('a request to an idle daemon starts at once; one right after a batch waits for the window', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 1500, log);
    const t0 = Date.now();
    await coord.commit([{ path: join(dir, names[0]), write: 'ok' }]);
    // Test and reload of the fake take 25 ms: nothing waited for the 1.5 s window.
    expect(Date.now() - t0).toBeLessThan(1500);
    const t1 = Date.now();
    await coord.commit([{ path: join(dir, names[1]), write: 'ok' }]);
    // Under load batches stay a window apart, so the ones that follow can grow.
    expect(Date.now() - t1).toBeGreaterThanOrEqual(1200);
    expect(daemon.reloads).toHaveLength(2);
  });

  it('under load a batch starts no sooner after the last than its reload took, and takes everything that came meanwhile', async () => {
    const daemon = new FakeDaemon(dir, () => names, 300);
    const coord = new ReloadCoordinator(daemon, 0, log);
    const first = coord.commit([{ path: join(dir, names[0]), write: 'ok' }]);
    await new Promise((r) => setTimeout(r, 50)); // the first batch is reloading (300 ms)
    const during = names.slice(1, 4).map((n) => coord.commit([{ path: join(dir, n), write: 'ok' }]));
    await first;
    await new Promise((r) => setTimeout(r, 100)); // within the pause after it
    const after = names.slice(4, 6).map((n) => coord.commit([{ path: join(dir, n), write: 'ok' }]));
    await Promise.all([...during, ...after]);
    expect(daemon.reloads).toEqual([[names[0]], names.slice(0, 6)]);
    // The second test started at least the first reload's 300 ms after it ended (timers may fire a ms early).
    expect(daemon.testStarts[1] - daemon.reloadEnds[0]).toBeGreaterThanOrEqual(290);
    // A lone request once the pause is over starts at once.
    await new Promise((r) => setTimeout(r, 350));
    const lone = Date.now();
    await coord.commit([{ path: join(dir, names[6]), write: 'ok' }]);
    expect(daemon.testStarts[2] - lone).toBeLessThan(100);
  });

  it('a slow reload stretches the deferral to ten times its duration; PHP-FPM-like daemons (no deferral) keep the window', async () => {
    const daemon = new FakeDaemon(dir, () => names, 100);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 300);
    await coord.commit([{ path: join(dir, names[0]), write: 'ok' }]); // a reload of 100 ms
    await new Promise((r) => setTimeout(r, 150)); // past the pause
    await coord.commit([{ path: join(dir, names[1]), write: 'ok' }], { loadLater: true });
    const owedAt = Date.now();
    await new Promise((r) => setTimeout(r, 600));
    expect(daemon.reloads).toHaveLength(1); // 300 ms (deferMs) went by: the owed reload waits for 1 s
    while (daemon.reloads.length < 2) await new Promise((r) => setTimeout(r, 20));
    expect(daemon.reloadEnds[1] - owedAt).toBeGreaterThanOrEqual(990);

    const php = new FakeDaemon(dir, () => names, 100);
    const pool = new ReloadCoordinator(php, 0, log);
    await pool.commit([{ path: join(dir, names[2]), write: 'ok' }]);
    const started = Date.now();
    await pool.commit([{ path: join(dir, names[3]), write: 'cert' }], { deferrable: true });
    expect(Date.now() - started).toBeLessThan(400); // the pause (100 ms) and its own reload, not 1 s
  });

  it('a load-later change resolves once tested and in place; one reload loads it within the deferral window', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 300);
    await Promise.all(names.slice(0, 3).map((n) => coord.commit([{ path: join(dir, n), write: 'ok' }], { loadLater: true })));
    expect(daemon.tests).toBe(1);
    expect(daemon.reloads).toHaveLength(0);
    expect(readFileSync(join(dir, names[0]), 'utf8')).toBe('ok');
    await new Promise((r) => setTimeout(r, 700));
    expect(daemon.reloads).toEqual([names.slice(0, 3)]);
    expect(daemon.tests).toBe(1); // what was tested is not tested again
  });

  it('tells whether the daemon runs a path as it is on disk: not before its first reload, not while its change waits for one', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 300);
    const [a, b] = [join(dir, names[0]), join(dir, names[1])];
    // A new process knows nothing yet: a predecessor may have died owing a reload.
    expect(coord.isLoaded(a)).toBe(false);
    await coord.commit([{ path: a, write: 'ok' }]);
    expect([coord.isLoaded(a), coord.isLoaded(b)]).toEqual([true, true]);
    await coord.commit([{ path: b, write: 'ok' }], { loadLater: true });
    expect([coord.isLoaded(a), coord.isLoaded(b)]).toEqual([true, false]);
    // A load-later removal is not loaded either until the reload that unloads it.
    await coord.commit([{ path: a, remove: true }], { loadLater: true });
    expect(coord.isLoaded(a)).toBe(false);
    await new Promise((r) => setTimeout(r, 700));
    expect(daemon.reloads).toHaveLength(2);
    expect([coord.isLoaded(a), coord.isLoaded(b)]).toEqual([true, true]);
    // A change refused by its test leaves the path as it was.
    await expect(coord.commit([{ path: a, write: 'BAD' }])).rejects.toBeInstanceOf(ConfigTestFailedError);
    expect(coord.isLoaded(a)).toBe(true);
  });

  it('a load-later change that fails its test is refused and put back, and nothing is reloaded for it', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 200);
    await expect(coord.commit([{ path: join(dir, names[0]), write: 'BAD' }], { loadLater: true })).rejects.toBeInstanceOf(ConfigTestFailedError);
    expect(existsSync(join(dir, names[0]))).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(daemon.reloads).toHaveLength(0);
  });

  it('a change someone waits on carries what was owed: one reload for both, none after', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 300);
    await coord.commit([{ path: join(dir, names[0]), write: 'ok' }], { loadLater: true });
    await coord.commit([{ path: join(dir, names[1]), write: 'ok' }]);
    expect(daemon.reloads).toEqual([names.slice(0, 2)]);
    await new Promise((r) => setTimeout(r, 600));
    expect(daemon.reloads).toHaveLength(1);
  });

  it('flush loads what is owed at once (the agent stops), and resolves at once when nothing is', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 60_000);
    await coord.flush();
    expect(daemon.reloads).toHaveLength(0);
    await coord.commit([{ path: join(dir, names[0]), write: 'ok' }], { loadLater: true });
    await coord.flush();
    expect(daemon.reloads).toEqual([[names[0]]]);
    await coord.flush();
    expect(daemon.reloads).toHaveLength(1);
  });

  it('a deferrable change waits for the next batch and shares its reload, or goes alone once due', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 400);
    const certificate = coord.commit([{ path: join(dir, names[0]), write: 'cert' }], { deferrable: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(daemon.reloads).toHaveLength(0); // not due yet, nobody to share with
    await Promise.all([certificate, coord.commit([{ path: join(dir, names[1]), write: 'vhost' }])]);
    expect(daemon.reloads).toEqual([[names[0], names[1]]]);

    const started = Date.now();
    await coord.commit([{ path: join(dir, names[2]), write: 'cert' }], { deferrable: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(daemon.reloads).toHaveLength(2);
  });

  it('load-later batches leave certificates waiting: one reload at their due time carries them all', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 400);
    await coord.commit([{ path: join(dir, names[0]), write: 'vhost' }]); // nginx has loaded the bridge once
    const certificates = [1, 2].map((i) => coord.commit([{ path: join(dir, names[i]), write: 'cert' }], { deferrable: true }));
    const started = Date.now();
    for (const i of [3, 4, 5]) {
      // Creates keep coming: each is tested and answered, and none reloads for a certificate.
      await coord.commit([{ path: join(dir, names[i]), write: 'vhost' }], { loadLater: true });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(daemon.reloads).toHaveLength(1);
    await Promise.all(certificates);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    // The certificates' reload also loaded what the load-later batches owed.
    expect(daemon.reloads).toEqual([[names[0]], names.slice(0, 6)]);
    await new Promise((r) => setTimeout(r, 500));
    expect(daemon.reloads).toHaveLength(2);
  });

  it('certificates waiting for company do not make the daemon busy: a lone request starts at once and takes them along', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 1500, log, undefined, 5000);
    const certificates = [0, 1].map((i) => coord.commit([{ path: join(dir, names[i]), write: 'cert' }], { deferrable: true }));
    await new Promise((r) => setTimeout(r, 1600)); // the last batch ended more than a window ago
    const t0 = Date.now();
    await coord.commit([{ path: join(dir, names[2]), write: 'vhost' }]);
    expect(Date.now() - t0).toBeLessThan(1000);
    await Promise.all(certificates);
    expect(daemon.reloads).toEqual([[names[0], names[1], names[2]]]);
  });

  it('hurry: a deferrable change waiting for company goes at once', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log, undefined, 5000);
    const started = Date.now();
    const certificate = coord.commit([{ path: join(dir, names[0]), write: 'cert' }], { deferrable: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(daemon.reloads).toHaveLength(0);
    coord.hurry();
    await certificate;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(daemon.reloads).toEqual([[names[0]]]);
  });

  it('a request whose file cannot be placed fails alone; the others of its batch, placed at the same time, go live', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 30, log);
    const results = await Promise.allSettled(names.slice(0, 4).map((n, i) => coord.commit([
      { path: join(dir, n), write: `ok ${n}` },
      { path: i === 2 ? join(dir, 'no-such-dir', 'x.conf') : join(dir, `${n}.extra`), write: 'x' },
    ])));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(existsSync(join(dir, 'site2.conf'))).toBe(false); // its other change was put back
    expect(daemon.reloads).toEqual([['site0.conf', 'site1.conf', 'site3.conf']]);
  });

  it('a bad file fails alone, is put back, and the good ones in its batch still go live', async () => {
    writeFileSync(join(dir, 'site3.conf'), 'previous content');
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 30, log);
    const results = await Promise.allSettled(names.slice(0, 6).map((n) =>
      coord.commit([{ path: join(dir, n), write: n === 'site3.conf' ? 'BAD' : `ok ${n}` }])));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(ConfigTestFailedError);
    expect(readFileSync(join(dir, 'site3.conf'), 'utf8')).toBe('previous content');
    expect(daemon.reloads).toHaveLength(1);
    expect(daemon.reloads[0].sort()).toEqual(['site0.conf', 'site1.conf', 'site2.conf', 'site3.conf', 'site4.conf', 'site5.conf']);
  });

  it('a lone bad commit restores the previous state (absent stays absent) and never reloads', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log);
    await expect(coord.commit([
      { path: join(dir, 'site0.conf'), write: 'BAD' },
      { path: join(dir, 'link.conf'), symlinkTo: join(dir, 'site0.conf') },
    ])).rejects.toThrow(/refused the configuration; the previous files were restored: \[emerg\] bad site0.conf/);
    expect(existsSync(join(dir, 'site0.conf'))).toBe(false);
    expect(existsSync(join(dir, 'link.conf'))).toBe(false);
    expect(daemon.reloads).toHaveLength(0);
  });

  it('skipIfUnchanged resolves without test or reload when nothing would change', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    const coord = new ReloadCoordinator(daemon, 0, log);
    await coord.commit([{ path: join(dir, 'site0.conf'), remove: true }], { skipIfUnchanged: true });
    expect(daemon.tests).toBe(0);
    await coord.commit([{ path: join(dir, 'site0.conf'), remove: true }]);
    expect(daemon.reloads).toHaveLength(1);
  });

  it('when the reload fails, the files are put back and every request of the batch fails', async () => {
    const daemon = new FakeDaemon(dir, () => names);
    daemon.reload = async () => { throw new Error('master gone'); };
    const coord = new ReloadCoordinator(daemon, 10, log);
    const results = await Promise.allSettled(names.slice(0, 3).map((n) => coord.commit([{ path: join(dir, n), write: 'ok' }])));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(names.slice(0, 3).some((n) => existsSync(join(dir, n)))).toBe(false);
  });
});
