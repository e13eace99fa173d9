import { failureReason } from './api-client';
import { percentile, runPool, PhaseResult } from './latency';
import { parseScaleOptions, ScaleOptions } from './scale-options';
import { privateScaleTarget, readReloadCounters, remoteScaleTarget, ScaleTarget } from './scale-target';
import { cpuBetween, cpuSnapshot, waitForQuiet } from './process-cpu';
import { issuedCertificates, pendingCertificates, waitForCertificates } from './pending-certificates';
import { sleepingPage, startDisturbanceProbe } from '../test/harness/disturbance-probe';

/*
 * Fills a Hearth to N accounts in steps with C creates in flight, then drains it in steps,
 * and prints per step: creates/s and p50/p95, one-at-a-time create/delete p50 at that
 * level, deletes/s, RSS of API, agent, its worker processes, PHP-FPM and nginx, reload counts, and the
 * disturbance probe (a neighbour's PHP page that sleeps 1 s, requested continuously).
 */

const PROBE_BODY = `hearth disturbance probe ${'0123456789'.repeat(50)} end`;

function stats(r: PhaseResult): { perSecond: number; p50: number; p95: number } {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  return { perSecond: r.count === 0 ? 0 : (r.count - r.failures) / (r.wallMs / 1000), p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

const ms = (v: number) => (Number.isNaN(v) ? '-' : `${Math.round(v)}`);

class Failures {
  private readonly seen = new Map<string, number>();
  note(what: string, reason: string): void {
    const key = `${what}: ${reason}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    if (n === 1) console.log(`  ! ${key}`);
  }
  get count(): number {
    return [...this.seen.values()].reduce((a, b) => a + b, 0);
  }
  summary(): string[] {
    return [...this.seen].map(([k, v]) => `${v}× ${k}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  let o: ScaleOptions;
  try {
    o = parseScaleOptions(argv);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const target = o.url
    ? remoteScaleTarget({ url: o.url, token: o.token!, ca: o.ca, statsFile: o.statsFile, httpPort: o.httpPort, homeRoot: o.homeRoot })
    : await privateScaleTarget(o.phpShards, o.accounts + o.solo + 1);
  // Ctrl-C stops the fill but not the cleanup: a private stack left behind keeps its daemons,
  // its 1,000 Linux users and its temp directory.
  let closing: Promise<void> | null = null;
  const onInterrupt = () => {
    if (closing) return;
    console.log('interrupted: stopping the private stack and removing its users ...');
    closing = target.close().finally(() => process.exit(130));
  };
  process.on('SIGINT', onInterrupt).on('SIGTERM', onInterrupt);
  try {
    return await run(o, target);
  } finally {
    process.off('SIGINT', onInterrupt).off('SIGTERM', onInterrupt);
    // Interrupted: the fill fails as its stack goes away; wait for the cleanup, which exits.
    await (closing ?? target.close());
  }
}

async function createOne(target: ScaleTarget, o: ScaleOptions, failures: Failures): Promise<{ id: number | null; username: string }> {
  const username = target.newUsername();
  const domain = `${username}.example.com`;
  try {
    const res = await target.request('POST', '/api/v1/accounts', { username, domain, email: `owner@${domain}`, password: 'bench-Passw0rd!', package_id: o.packageId });
    if (res.status === 201) return { id: res.body.data.id as number, username };
    failures.note('create', failureReason(res));
  } catch (e) {
    failures.note('create', `request failed: ${(e as Error).message}`);
  }
  return { id: null, username };
}

async function deleteOne(target: ScaleTarget, id: number, failures: Failures): Promise<boolean> {
  try {
    const res = await target.request('DELETE', `/api/v1/accounts/${id}`);
    if (res.status === 204) return true;
    failures.note('delete', failureReason(res));
  } catch (e) {
    failures.note('delete', `request failed: ${(e as Error).message}`);
  }
  return false;
}

async function run(o: ScaleOptions, target: ScaleTarget): Promise<number> {
  const failures = new Failures();
  console.log(`target: ${target.describe}`);
  console.log(`fill to ${o.accounts} accounts in steps of ${o.step}, ${o.concurrency} in flight; ${o.solo} one-at-a-time creates and deletes per level`);

  // The neighbour whose slow PHP page is requested the whole time.
  const neighbour = await createOne(target, o, failures);
  if (neighbour.id === null) {
    console.log('could not create the probe account; stopping');
    return 1;
  }
  target.putPage(neighbour.username, 'hearth-probe.php', sleepingPage(1000, PROBE_BODY));
  const probe = () => startDisturbanceProbe({ port: target.httpPort, host: `${neighbour.username}.example.com`, path: '/hearth-probe.php', expectBody: PROBE_BODY, loops: 2 });

  const ids: number[] = [];
  const rows: string[] = [];
  const cpuRows: string[] = [];
  const cpuGroupNames = ['api+bench', 'api', 'agent', 'agent spawner', 'agent ACME worker', 'agent programs', 'php-fpm', 'nginx', 'mariadb', 'pdns', 'mail', 'ftp', 'pebble', 'kernel', 'other'];
  const cpuHeader = `phase        accounts  CPU ms per operation (fill/drain only): machine  ${cpuGroupNames.join('/')}`;
  const header = 'phase        accounts  ops/s  p50 ms  p95 ms  solo-create p50  solo-delete p50  nginx reloads  php reloads  probe req/fail  RSS MB, then PSS MB, of ' + Object.keys(target.memory()).join('/');
  let caStalled = false;
  let probeRequests = 0;
  let probeFailures = 0;
  const probeReasons: string[] = [];

  /** Runs one phase, prints its rows and returns the p50 of its one-at-a-time creates (NaN: none). */
  const phase = async (label: string, work: () => Promise<PhaseResult>, level: () => number): Promise<number> => {
    const before = readReloadCounters(target.statsFile);
    const p = probe();
    const cpuBefore = cpuSnapshot();
    const result = await work();
    const cpu = cpuBetween(cpuBefore, cpuSnapshot(), target.cpuGroups());
    // Certificates are ordered and installed after a create answered: what is still pending
    // here is ACME and nginx work the CPU per operation below does not include, so two runs
    // compare like with like only when this is about the same (bench/README.md, thirteenth pass).
    const trailing = pendingCertificates(target.statsFile);
    if (trailing > 0) console.log(`  ${trailing} certificates still pending as the phase's last operation answered (their work is not in its CPU per operation)`);
    // One at a time at the level just reached, each on a quiet machine: "alone" means no
    // work of the fill step still running (its certificates are ordered and installed after
    // the creates answered: those that share nginx's reloads with whatever comes next), and
    // none of the previous solo operation's.
    const soloCreate: number[] = [];
    const soloDelete: number[] = [];
    // CPU from each solo create's request to its answer, summed: where "alone" grows with the level.
    const soloCpu: Record<string, number> = {};
    let soloMachine = 0;
    let notQuiet = 0;
    const settle = async () => {
      // A CA that has stopped answering (Pebble can deadlock, bench/README.md, ninth and fourteenth
      // passes) would cost 3 minutes before every one-at-a-time operation: waited for once per run.
      if (!caStalled) {
        const issued = issuedCertificates(target.statsFile);
        const pending = await waitForCertificates(target.statsFile);
        // Not one more issued in 3 minutes: stalled, not slow (orders that time out leave "pending" too).
        caStalled = pending > 0 && issuedCertificates(target.statsFile) <= issued;
        if (pending > 0) console.log(`  ! ${pending} certificates still pending after 3 minutes${caStalled ? ' (none issued meanwhile: the CA is taken as stalled, later operations do not wait for it)' : ''}`);
      }
      if (!(await waitForQuiet())) notQuiet++;
    };
    for (let i = 0; i < o.solo; i++) {
      await settle();
      const soloBefore = cpuSnapshot();
      const t0 = performance.now();
      const made = await createOne(target, o, failures);
      soloCreate.push(performance.now() - t0);
      const used = cpuBetween(soloBefore, cpuSnapshot(), target.cpuGroups());
      soloMachine += used.machine;
      for (const [n, sec] of Object.entries(used.groups)) soloCpu[n] = (soloCpu[n] ?? 0) + sec;
      if (made.id === null) continue;
      await settle();
      const t1 = performance.now();
      await deleteOne(target, made.id, failures);
      soloDelete.push(performance.now() - t1);
    }
    if (notQuiet > 0) console.log(`  ! ${notQuiet} one-at-a-time operations started on a machine that stayed busy for 30 s`);
    const probed = await p.stop();
    probeRequests += probed.requests;
    probeFailures += probed.failures;
    for (const r of probed.reasons) {
      if (probeReasons.length < 20) probeReasons.push(r);
      console.log(`  ! probe: ${r}`);
    }
    const after = readReloadCounters(target.statsFile);
    const reloads = (name: string) => Object.keys(after).filter((n) => n.startsWith(name)).reduce((sum, n) => sum + after[n].reloads - (before[n]?.reloads ?? 0), 0);
    const s = stats(result);
    const memory = Object.values(target.memory());
    const mem = `${memory.map((m) => m.mb.toFixed(0)).join('/')}  PSS ${memory.map((m) => m.pssMb.toFixed(0)).join('/')}`;
    const soloP50 = percentile([...soloCreate].sort((a, b) => a - b), 50);
    const row = `${label.padEnd(12)} ${String(level()).padStart(8)}  ${s.perSecond.toFixed(2).padStart(5)}  ${ms(s.p50).padStart(6)}  ${ms(s.p95).padStart(6)}  ${ms(soloP50).padStart(15)}  ${ms(percentile([...soloDelete].sort((a, b) => a - b), 50)).padStart(15)}  ${String(reloads('nginx')).padStart(13)}  ${String(reloads('php-fpm')).padStart(11)}  ${`${probed.requests}/${probed.failures}`.padStart(14)}  ${mem}`;
    rows.push(row);
    console.log(row);
    // The probe's requests are in the CPU too (PHP-FPM, nginx): a few per second, each sleeping.
    const perOp = (seconds: number) => (result.count ? (seconds * 1000) / result.count : 0).toFixed(0);
    const groups = cpuGroupNames.filter((n) => n in cpu.groups || n === 'other').map((n) => `${n} ${perOp(cpu.groups[n] ?? 0)}`);
    if (result.count > 0) cpuRows.push(`${label.padEnd(12)} ${String(level()).padStart(8)}  ${perOp(cpu.machine).padStart(5)}  ${groups.join('  ')}`);
    if (soloCreate.length > 0) {
      const perSolo = (seconds: number) => ((seconds * 1000) / soloCreate.length).toFixed(0);
      const soloGroups = cpuGroupNames.filter((n) => n in soloCpu).map((n) => `${n} ${perSolo(soloCpu[n])}`);
      cpuRows.push(`${'  solo create'.padEnd(12)} ${String(level()).padStart(8)}  ${perSolo(soloMachine).padStart(5)}  ${soloGroups.join('  ')}  (request to answer)`);
    }
    return soloP50;
  };

  console.log(header);
  // "Alone at 0" before the fill as well as after the drain: the machine's speed drifts during a
  // long run (bench/README.md, eleventh pass), and the two bracket the figure at the top level.
  const aloneBefore = o.solo > 0 ? await phase('alone at 0', async () => runPool('create', 0, o.concurrency, async () => true), () => ids.length) : NaN;
  let aloneTop = NaN;
  for (let level = 0; level < o.accounts;) {
    const n = Math.min(o.step, o.accounts - level);
    const from = level;
    aloneTop = await phase(`create ${from}→${from + n}`, async () => runPool('create', n, o.concurrency, async () => {
      const made = await createOne(target, o, failures);
      if (made.id !== null) ids.push(made.id);
      return made.id !== null;
    }), () => ids.length);
    level += n;
  }
  let aloneAfter = NaN;
  while (ids.length > 0) {
    const batch = ids.splice(Math.max(0, ids.length - o.step));
    const from = ids.length + batch.length;
    aloneAfter = await phase(`delete ${from}→${ids.length}`, async () => runPool('delete', batch.length, o.concurrency, async (i) => deleteOne(target, batch[i], failures)), () => ids.length);
  }
  await deleteOne(target, neighbour.id, failures);

  console.log('');
  console.log(header);
  for (const r of rows) console.log(r);
  console.log('');
  console.log(cpuHeader);
  for (const r of cpuRows) console.log(r);
  if (o.solo > 0) {
    const ratio = (v: number) => (Number.isNaN(v) || Number.isNaN(aloneTop) ? '-' : `${(aloneTop / v).toFixed(2)}x`);
    console.log(`one create alone (p50): ${ms(aloneTop)} ms at ${o.accounts} accounts; at 0, ${ms(aloneBefore)} ms before the fill and ${ms(aloneAfter)} ms after the drain: ${ratio(aloneBefore)} and ${ratio(aloneAfter)} (goal <= 500 ms and <= 1.2x)`);
  }
  console.log(`disturbance probe: ${probeRequests} requests, ${probeFailures} failures`);
  console.log(`configuration tests (whole/scoped to the changed files/skipped): ${testKindsLine(readReloadCounters(target.statsFile))}`);
  if (failures.count) console.log(`API failures (${failures.count}):\n  ${failures.summary().join('\n  ')}`);
  return failures.count + probeFailures === 0 ? 0 : 1;
}

/** Per daemon family, how many `-t` runs parsed everything, only the batch's files, or none. */
function testKindsLine(counters: ReturnType<typeof readReloadCounters>): string {
  const sum = (prefix: string) => {
    const k = { whole: 0, scoped: 0, skipped: 0 };
    for (const [name, c] of Object.entries(counters)) {
      if (!name.startsWith(prefix) || !c.testKinds) continue;
      k.whole += c.testKinds.whole;
      k.scoped += c.testKinds.scoped;
      k.skipped += c.testKinds.skipped;
    }
    return `${prefix} ${k.whole}/${k.scoped}/${k.skipped}`;
  };
  return `${sum('nginx')}, ${sum('php-fpm')}`;
}
