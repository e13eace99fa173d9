/**
 * What a private stack has started so far, stopped again in reverse by stopAll(): when a
 * later part fails to start, when the benchmark ends, and when it is interrupted. A
 * half-started stack must leave no daemon and no directory behind (the test harness's own rule).
 */
export class StartedParts {
  private readonly stops: Array<() => Promise<unknown>> = [];
  private onInterrupt: (() => void) | null = null;
  private interrupted = false;
  /** Parts being started and the build starting them: an interrupt lets them finish, then stops them. */
  private readonly starting = new Set<Promise<unknown>>();
  private building: Promise<unknown> | null = null;
  private stopping: Promise<void> | null = null;

  /**
   * From now until stopAll() or releaseInterrupts(), Ctrl-C (or SIGTERM) stops what has
   * started and exits 130. Without it a benchmark interrupted while its stack started left
   * its MariaDB running and its directory in /tmp (Node's default for SIGINT is to exit at
   * once). A part being started is let finish and stopped with the rest, and the build
   * starts nothing after it (start() throws).
   */
  guardInterrupts(): void {
    if (this.onInterrupt) return;
    this.onInterrupt = () => {
      if (this.interrupted) return; // a second Ctrl-C: the stop under way finishes
      this.interrupted = true;
      console.log('interrupted: stopping what was started ...');
      const underWay = [...this.starting, ...(this.building ? [this.building] : [])];
      void Promise.allSettled(underWay)
        .then(() => this.stopAll())
        .finally(() => process.exit(130));
    };
    process.on('SIGINT', this.onInterrupt).on('SIGTERM', this.onInterrupt);
  }

  /** The caller handles interrupts from here on (and stops the parts itself). */
  releaseInterrupts(): void {
    if (!this.onInterrupt) return;
    process.off('SIGINT', this.onInterrupt).off('SIGTERM', this.onInterrupt);
    this.onInterrupt = null;
  }

  /** Remembers how to undo something already started (a directory made, a daemon by pid). */
  add(stop: () => Promise<unknown>): void {
    this.stops.push(stop);
  }

  /** Awaits a part that has stop(), and remembers it; after an interrupt, throws once it is remembered. */
  async start<T extends { stop(): Promise<void> }>(part: Promise<T>): Promise<T> {
    this.starting.add(part);
    try {
      const p = await part;
      this.add(() => p.stop());
      if (this.interrupted) throw new Error('interrupted');
      return p;
    } finally {
      this.starting.delete(part);
    }
  }

  /** Runs `build` (which starts parts); if it throws, stops what it had started and rethrows. */
  build<T>(build: () => Promise<T>): Promise<T> {
    const run = (async () => {
      try {
        return await build();
      } catch (e) {
        await this.stopAll();
        throw e;
      }
    })();
    this.building = run;
    return run.finally(() => {
      if (this.building === run) this.building = null;
    });
  }

  /**
   * Stops everything in reverse order of starting; one failing stop does not keep the others
   * running. Callers at the same time share one run, which also stops what is added meanwhile.
   */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        while (this.stops.length > 0) {
          for (const stop of this.stops.splice(0).reverse()) await stop().catch(() => undefined);
        }
      } finally {
        this.stopping = null;
        this.releaseInterrupts();
      }
    })();
    return this.stopping;
  }
}
