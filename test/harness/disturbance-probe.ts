import { httpGet } from './nginx-php';

/**
 * A visitor of another customer's site that never stops: `loops` parallel loops each
 * request `path` on `host` again as soon as the previous answer is complete, and record
 * whether it was a 200 carrying the whole expected body. Used by the no-disturbance test
 * and the scale benchmark while accounts are created and deleted around it.
 */
export interface ProbeResult {
  requests: number;
  failures: number;
  /** One line per failure: status or error, and how much of the body came back. */
  reasons: string[];
  maxMs: number;
}

export interface DisturbanceProbe {
  stop(): Promise<ProbeResult>;
  /** Requests answered so far (to wait until the probe has really started). */
  readonly requests: number;
}

export function startDisturbanceProbe(opts: {
  port: number; host: string; path: string; expectBody: string; loops?: number; timeoutMs?: number;
}): DisturbanceProbe {
  const result: ProbeResult = { requests: 0, failures: 0, reasons: [], maxMs: 0 };
  let running = true;
  const loop = async () => {
    while (running) {
      const t0 = Date.now();
      let reason: string | null = null;
      try {
        const res = await httpGet(opts.port, opts.host, opts.path, opts.timeoutMs ?? 60_000);
        if (res.status !== 200) reason = `status ${res.status}: ${res.body.slice(0, 120).replace(/\s+/g, ' ')}`;
        else if (res.body !== opts.expectBody) reason = `200 with ${res.body.length} of ${opts.expectBody.length} body bytes`;
      } catch (e) {
        reason = `error: ${(e as Error).message}`;
      }
      result.requests++;
      result.maxMs = Math.max(result.maxMs, Date.now() - t0);
      if (reason) {
        result.failures++;
        if (result.reasons.length < 50) result.reasons.push(reason);
      }
    }
  };
  const loops = Array.from({ length: opts.loops ?? 2 }, loop);
  return {
    get requests() {
      return result.requests;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}

/** A PHP page that sleeps `ms` and then prints `body`. */
export function sleepingPage(ms: number, body: string): string {
  return `<?php usleep(${Math.round(ms * 1000)}); echo ${JSON.stringify(body)};\n`;
}
