import type { Logger } from '@hearth/shared';
import { FileChange, PreviousState, distinctPaths, isNoop, readState, restore, swapIn } from './file-changes';

/** The paths a configuration test must look at (files read only at a handshake are not). */
function testedPaths(changes: readonly FileChange[]): string[] {
  return changes.filter((c) => !('write' in c && c.readAtHandshake)).map((c) => c.path);
}

/** What must be true once a reload took effect (PHP-FPM: a pool socket appeared or went). */
export type ReadyCheck = { socketPresent: string } | { socketAbsent: string };

/** A daemon whose configuration the coordinator tests and reloads. */
export interface ManagedDaemon {
  readonly name: string;
  /**
   * Tests the configuration as it is on disk; throws ConfigTestFailedError. `changed` are
   * the paths the coordinator changed since the last test that passed: a daemon may test
   * only those when it can prove nothing else moved (see PhpFpmDaemon).
   */
  test(changed?: readonly string[]): Promise<void>;
  /** Makes the daemon load its configuration and resolves once it took effect. */
  reload(checks: readonly ReadyCheck[]): Promise<void>;
  /** How many tests were whole, scoped to the changed files, or skipped (for the stats). */
  readonly testKinds?: TestKinds;
}

export interface TestKinds {
  whole: number;
  scoped: number;
  skipped: number;
}

export class ConfigTestFailedError extends Error {
  constructor(readonly daemon: string, readonly output: string) {
    super(`${daemon} refused the configuration; the previous files were restored: ${summarise(output)}`);
  }
}

function summarise(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const bad = lines.find((l) => /\[(emerg|alert|crit|error)\]|ERROR:/.test(l)) ?? lines[0] ?? 'no output';
  return bad.slice(0, 400);
}

export interface CommitOptions {
  checks?: readonly ReadyCheck[];
  /** Resolve at once when every change is already in place (undo paths): no test, no reload. */
  skipIfUnchanged?: boolean;
  /**
   * Nobody waits on this change (a certificate obtained in the background): it may wait up
   * to the coordinator's deferral window for other changes to share their test and reload.
   */
  deferrable?: boolean;
  /**
   * Something else serves the change until the daemon loads it (nginx: the sites entry's
   * bridge server serves a new site, render-nginx-sites-entry.ts). The request resolves once
   * its files passed the test and are in place; the reload that loads them follows within
   * the deferral window, shared with every change made by then.
   */
  loadLater?: boolean;
}

export interface ReloadStats {
  requests: number;
  tests: number;
  reloads: number;
  rejected: number;
  testKinds?: TestKinds;
}

interface Pending {
  changes: readonly FileChange[];
  /** When the request must be in a batch at the latest (epoch ms). */
  dueAt: number;
  checks: readonly ReadyCheck[];
  loadLater: boolean;
  /** Waiting for company (a certificate install) until dueAt. */
  deferrable?: boolean;
  /** The owed reload (oweReload): no files of its own. */
  reloadOnly?: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Applied {
  request: Pending;
  previous: PreviousState[];
}

/** The longest a batch waits because the reload before it was slow (see ReloadCoordinator.pauseMs). */
const MAX_PAUSE_MS = 2000;
/** A deferred change waits up to this many times the last reload's duration (see deferralMs)… */
const DEFERRAL_PER_RELOAD = 10;
/** …but no longer than this. */
const MAX_DEFERRAL_MS = 10_000;

/**
 * Stage → test → swap → reload for one daemon, shared by every operation in flight.
 * Requests arriving within `windowMs` of a batch forming or ending, or while a reload is
 * running, form one batch (a request to an idle daemon starts one at once); under load a
 * batch starts no sooner after the last one than that one's reload took:
 * their files go in place together, the complete configuration is tested once and the
 * daemon reloaded once. If the batch fails the test, every file is put back and the
 * requests are retried one by one, so a bad site fails alone and the others still go
 * live. A request resolves only after the reload took effect. A deferrable request waits
 * up to `deferMs` (longer when reloads are slow: deferralMs) for a batch to join (a
 * certificate install rides along with the next vhost change instead of costing a reload
 * of its own: the reload is O(accounts)).
 */
export class ReloadCoordinator {
  private queue: Pending[] = [];
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  /** When the last batch ended (epoch ms); 0 before the first. */
  private lastBatchEnd = 0;
  /** How long the last (or running) batch's reload took (ms); 0 when it reloaded nothing. */
  private batchReloadMs = 0;
  /** How long the last reload took (ms), whichever batch made it. */
  private lastReloadMs = 0;
  /** Files that passed their test are on disk and the daemon has not loaded them yet. */
  private owed = false;
  private owedTimer: NodeJS.Timeout | null = null;
  /** Paths changed by a batch that passed its test since the last reload took effect. */
  private readonly unloaded = new Set<string>();
  readonly stats: ReloadStats = { requests: 0, tests: 0, reloads: 0, rejected: 0 };

  constructor(
    private readonly daemon: ManagedDaemon,
    private readonly windowMs: number,
    private readonly log: Logger,
    private readonly onStats: (name: string, stats: ReloadStats) => void = () => undefined,
    private readonly deferMs = 0,
  ) {}

  get name(): string {
    return this.daemon.name;
  }

  /**
   * Whether the daemon runs what is on disk at `path` as far as this coordinator changed it:
   * a reload of this process took effect after the path's last change that passed a test.
   * Before the first reload nothing is known (a predecessor may have died owing one).
   */
  isLoaded(path: string): boolean {
    return this.stats.reloads > 0 && !this.unloaded.has(path);
  }

  /** The daemon's whole, scoped and skipped tests so far (when it tells them). */
  get testKinds(): Readonly<TestKinds> | undefined {
    return this.daemon.testKinds;
  }

  async commit(changes: readonly FileChange[], opts: CommitOptions = {}): Promise<void> {
    if (opts.skipIfUnchanged) {
      const states = await Promise.all(changes.map((c) => readState(c.path)));
      if (changes.every((c, i) => isNoop(c, states[i]))) return;
    }
    await new Promise<void>((resolve, reject) => {
      const dueAt = opts.deferrable ? Date.now() + this.deferralMs() : this.dueForNext();
      this.queue.push({ changes, dueAt, checks: opts.checks ?? [], loadLater: opts.loadLater === true, deferrable: opts.deferrable === true, resolve, reject });
      this.stats.requests++;
      this.schedule();
    });
  }

  /**
   * When a request nobody defers must be in a batch. Group commit: an idle daemon whose last
   * batch ended more than a window ago starts at once (a lone create does not wait for
   * company that is not coming); while a batch forms, runs, or has just ended, the request
   * waits up to a window, so under load batches are at least a window apart and grow.
   * Deferrable requests queued for company (certificates installed after a burst of
   * creates) do not make the daemon busy: the request is the company they wait for, and
   * its batch takes them along.
   */
  private dueForNext(): number {
    const now = Date.now();
    const idle = !this.running && this.queue.every((p) => p.deferrable === true && p.dueAt > now);
    if (idle && now - this.lastBatchEnd >= this.pauseMs) return now;
    return idle ? this.lastBatchEnd + this.pauseMs : now + this.windowMs;
  }

  /**
   * How long after the last batch the next may start: the window, or as long as that
   * batch's reload took when longer (at most MAX_PAUSE_MS). A reload's cost grows with
   * what the daemon holds (nginx re-reads every site: at 1,000 sites each reload costs it
   * hundreds of ms of CPU), and back-to-back batches kept such a daemon reloading all the
   * time under load. With the pause it reloads at most about half the time, and each batch
   * carries the requests of the pause too.
   */
  private get pauseMs(): number {
    return Math.max(this.windowMs, Math.min(this.batchReloadMs, MAX_PAUSE_MS));
  }

  /**
   * How long a change nobody waits for (a certificate, a site the bridge serves) may wait to
   * share a reload: `deferMs`, or ten times the last reload's duration when that is longer
   * (at most MAX_DEFERRAL_MS). A small server's reload takes tens of milliseconds and keeps
   * `deferMs`; at 1,000 sites nginx's takes about half a second and hundreds of ms of its CPU,
   * and reloading every `deferMs` while creates kept coming was a tenth of a create's CPU.
   * A daemon without deferral (`deferMs` 0: PHP-FPM) keeps just the window.
   */
  private deferralMs(): number {
    const scaled = this.deferMs > 0 ? Math.min(DEFERRAL_PER_RELOAD * this.lastReloadMs, MAX_DEFERRAL_MS) : 0;
    return Math.max(this.deferMs, this.windowMs, scaled);
  }

  /**
   * Arms the timer for the earliest due request (a batch then takes every queued one), but
   * not sooner than the pause after the last batch.
   */
  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    const earliest = this.queue.reduce((min, p) => Math.min(min, p.dueAt), Infinity);
    const due = Math.max(earliest, this.lastBatchEnd + this.pauseMs);
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, Math.max(0, due - Date.now()));
  }

  private async drain(): Promise<void> {
    this.running = true;
    this.batchReloadMs = 0;
    try {
      // Requests that came in during the batch go in the next, after the pause (schedule).
      if (this.queue.some((p) => p.dueAt <= Date.now())) await this.runBatch(this.takeBatch());
    } finally {
      this.running = false;
      this.lastBatchEnd = Date.now();
    }
    // A batch that carried the owed reload's turn but reloaded nothing leaves it owed.
    if (this.owed && !this.owedTimer) this.oweReload();
    this.schedule();
  }

  /**
   * The next batch: every request that is due, and the deferrable ones not yet due only if
   * the batch reloads anyway (something due in it waits for a reload). A batch of load-later
   * changes alone reloads nothing; a certificate taken along made it reload, so while
   * creates kept coming nginx reloaded once per batch of theirs instead of once per window
   * (bench/README.md, thirteenth pass).
   */
  private takeBatch(): Pending[] {
    const now = Date.now();
    if (this.queue.some((p) => p.dueAt <= now && !p.loadLater)) return this.queue.splice(0);
    const due = this.queue.filter((p) => p.dueAt <= now);
    this.queue = this.queue.filter((p) => p.dueAt > now);
    return due;
  }

  /**
   * Deferrable requests stop waiting for company and go in the next batch: someone waits
   * for one of them (a delete waits for the certificate install of its domain to finish).
   */
  hurry(): void {
    const now = Date.now();
    for (const p of this.queue) p.dueAt = Math.min(p.dueAt, now);
    this.schedule();
  }

  /**
   * Loads now whatever passed its test and waits for a reload (the agent is stopping):
   * resolves once that reload is done or failed; at once when nothing is owed.
   */
  flush(): Promise<void> {
    if (!this.owed) return Promise.resolve();
    return new Promise<void>((resolve) => this.queueOwedReload(resolve));
  }

  /** The owed reload's turn in the queue; `done` runs once it is over, loaded or not. */
  private queueOwedReload(done: () => void): void {
    this.queue.push({ changes: [], dueAt: Date.now(), checks: [], loadLater: false, reloadOnly: true, resolve: done, reject: done });
    this.schedule();
  }

  private async runBatch(all: Pending[]): Promise<void> {
    const batch = all.filter((p) => !p.reloadOnly);
    const carried = all.filter((p) => p.reloadOnly);
    if (batch.length === 0) return this.reloadOwed(carried);
    // Otherwise the batch's own reload, if it has one, loads what was owed.
    try {
      await this.runChanges(batch);
    } finally {
      for (const p of carried) p.resolve();
    }
  }

  private async runChanges(batch: Pending[]): Promise<void> {
    let accepted: Applied[] = [];
    const t0 = performance.now();
    const placed = await this.swapInAll(batch);
    const placeMs = Math.round(performance.now() - t0);
    try {
      accepted = await this.testPlaced(placed);
    } catch (e) {
      // Only restoring files can throw here; nothing sane is left to do but report it.
      this.log.error({ daemon: this.name, err: e }, 'could not restore configuration files');
      for (const p of batch) p.reject(e);
      return;
    }
    if (accepted.length === 0) return;
    for (const a of accepted) for (const c of a.request.changes) this.unloaded.add(c.path);
    const waiting = accepted.filter((a) => !a.request.loadLater);
    // Tested and in place: those that something else serves meanwhile are done now.
    for (const a of accepted) if (a.request.loadLater) a.request.resolve();
    if (waiting.length === 0) {
      this.log.debug({ daemon: this.name, batch: accepted.length, placeMs, testMs: Math.round(performance.now() - t0) - placeMs }, 'tested; the reload follows');
      this.oweReload();
      this.onStats(this.name, this.statsNow());
      return;
    }
    const t1 = performance.now();
    const owed = this.settleOwed();
    try {
      await this.daemon.reload(waiting.flatMap((a) => a.request.checks));
      const reloadMs = this.reloaded(t1);
      this.log.info({
        daemon: this.name, reloads: this.stats.reloads, batch: accepted.length, placeMs,
        testMs: Math.round(t1 - t0) - placeMs, reloadMs,
      }, 'reloaded');
      for (const a of waiting) a.request.resolve();
    } catch (e) {
      // The daemon did not take the new files: put the old ones back so disk matches what runs.
      // Files of answered requests (load later) stay: they passed the test; the next reload takes them.
      this.log.error({ daemon: this.name, err: e }, 'reload failed; restoring previous files');
      for (const a of [...waiting].reverse()) await restore(a.previous).catch(() => undefined);
      for (const a of waiting) this.reject(a.request, e);
      if (owed || waiting.length < accepted.length) this.oweReload();
    } finally {
      this.onStats(this.name, this.statsNow());
    }
  }

  /** A reload that started at `since` (performance.now()) took effect: counts it and keeps its duration (ms). */
  private reloaded(since: number): number {
    // Batches never overlap: every change that passed a test was in place before this reload began.
    this.unloaded.clear();
    this.stats.reloads++;
    this.batchReloadMs = this.lastReloadMs = Math.round(performance.now() - since);
    return this.batchReloadMs;
  }

  private statsNow(): ReloadStats {
    return this.daemon.testKinds ? { ...this.stats, testKinds: { ...this.daemon.testKinds } } : this.stats;
  }

  /** A reload is starting: it loads whatever was owed, so nothing is owed any more. */
  private settleOwed(): boolean {
    const owed = this.owed;
    this.owed = false;
    if (this.owedTimer) clearTimeout(this.owedTimer);
    this.owedTimer = null;
    return owed;
  }

  /**
   * Files are in place that the daemon has not loaded: reload within the deferral window
   * unless a batch's reload comes first. It goes through the queue, so it never runs
   * alongside a batch, and it tests nothing (everything on disk passed a test).
   */
  private oweReload(): void {
    this.owed = true;
    if (this.owedTimer) return;
    this.owedTimer = setTimeout(() => {
      this.owedTimer = null;
      if (this.owed) this.queueOwedReload(() => undefined);
    }, this.deferralMs());
    this.owedTimer.unref?.();
  }

  /** A batch of nothing but owed reloads: no files, no test. */
  private async reloadOwed(batch: Pending[]): Promise<void> {
    if (!this.owed) {
      for (const p of batch) p.resolve();
      return;
    }
    const t0 = performance.now();
    this.settleOwed();
    try {
      await this.daemon.reload([]);
      const reloadMs = this.reloaded(t0);
      this.log.info({ daemon: this.name, reloads: this.stats.reloads, batch: 0, reloadMs }, 'reloaded what was tested earlier');
    } catch (e) {
      this.log.error({ daemon: this.name, err: e }, 'reload of tested files failed; trying again later');
      this.oweReload();
    } finally {
      for (const p of batch) p.resolve();
      this.onStats(this.name, this.statsNow());
    }
  }

  private reject(request: Pending, e: unknown): void {
    this.stats.rejected++;
    request.reject(e);
  }

  /** Every request's files in place; at the same time when no two requests share a path. */
  private async swapInAll(batch: Pending[]): Promise<Applied[]> {
    const place = async (request: Pending): Promise<Applied | null> => {
      try {
        return { request, previous: await swapIn(request.changes) };
      } catch (e) {
        this.reject(request, e);
        return null;
      }
    };
    const placed: (Applied | null)[] = [];
    if (distinctPaths(batch.flatMap((r) => r.changes))) placed.push(...(await Promise.all(batch.map(place))));
    else for (const request of batch) placed.push(await place(request));
    return placed.filter((a): a is Applied => a !== null);
  }

  /** Tests the placed files; on failure puts them back and keeps the good ones (see below). */
  private async testPlaced(applied: Applied[]): Promise<Applied[]> {
    if (applied.length === 0) return [];
    const failure = await this.test(applied.flatMap((a) => testedPaths(a.request.changes)));
    if (!failure) return applied;
    for (const a of [...applied].reverse()) await restore(a.previous);
    if (applied.length === 1) {
      this.reject(applied[0].request, failure);
      return [];
    }
    // Someone in the batch is bad: find out who, one at a time, keeping the good ones in place.
    const kept: Applied[] = [];
    for (const { request } of applied) {
      let previous: PreviousState[];
      try {
        previous = await swapIn(request.changes);
      } catch (e) {
        this.reject(request, e);
        continue;
      }
      // Everything kept so far is on disk too, and as new to the daemon as this request.
      const own = await this.test([...kept, { request }].flatMap((a) => testedPaths(a.request.changes)));
      if (own) {
        await restore(previous);
        this.reject(request, own);
      } else {
        kept.push({ request, previous });
      }
    }
    return kept;
  }

  private async test(changed: readonly string[]): Promise<Error | null> {
    this.stats.tests++;
    try {
      await this.daemon.test(changed);
      return null;
    } catch (e) {
      this.log.warn({ daemon: this.name, err: e }, 'configuration test failed');
      return e instanceof Error ? e : new Error(String(e));
    }
  }
}
