/** Latency summary of one phase of the benchmark. */
export interface PhaseResult {
  label: string;
  count: number;
  failures: number;
  wallMs: number;
  latenciesMs: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function formatPhase(r: PhaseResult): string {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const ms = (v: number) => `${Math.round(v)} ms`;
  const perSecond = r.count === 0 ? 0 : (r.count - r.failures) / (r.wallMs / 1000);
  return `${r.label.padEnd(7)} n=${r.count} failed=${r.failures}  p50=${ms(percentile(sorted, 50))}  p95=${ms(percentile(sorted, 95))}  max=${ms(sorted.at(-1) ?? NaN)}  ${perSecond.toFixed(2)} accounts/s  (wall ${(r.wallMs / 1000).toFixed(1)} s)`;
}

/** Runs `work(i)` for i in [0, n) with at most `concurrency` in flight; records each duration. */
export async function runPool(label: string, n: number, concurrency: number, work: (i: number) => Promise<boolean>): Promise<PhaseResult> {
  const result: PhaseResult = { label, count: n, failures: 0, wallMs: 0, latenciesMs: [] };
  const reasons = new Set<string>();
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      const ok = await work(i).catch((e: Error) => {
        // Say why (a refused certificate used to show up as a bare failure count).
        const reason = `${label} request failed: ${e.message}${e.cause ? ` (${(e.cause as Error).message})` : ''}`;
        if (!reasons.has(reason)) console.log(`  ! ${reason}`);
        reasons.add(reason);
        return false;
      });
      result.latenciesMs.push(performance.now() - t0);
      if (!ok) result.failures++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  result.wallMs = Date.now() - started;
  return result;
}
