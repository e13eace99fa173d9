/**
 * What a private stack has started so far, stopped again in reverse by stopAll(): when a
 * later part fails to start, and when the benchmark ends. A half-started stack must leave
 * no daemon and no directory behind (the test harness's own rule).
 */
export class StartedParts {
  private readonly stops: Array<() => Promise<unknown>> = [];

  /** Remembers how to undo something already started (a directory made, a daemon by pid). */
  add(stop: () => Promise<unknown>): void {
    this.stops.push(stop);
  }

  /** Awaits a part that has stop(), and remembers it. */
  async start<T extends { stop(): Promise<void> }>(part: Promise<T>): Promise<T> {
    const p = await part;
    this.add(() => p.stop());
    return p;
  }

  /** Runs `build` (which starts parts); if it throws, stops what it had started and rethrows. */
  async build<T>(build: () => Promise<T>): Promise<T> {
    try {
      return await build();
    } catch (e) {
      await this.stopAll();
      throw e;
    }
  }

  /** Stops everything in reverse order of starting; one failing stop does not keep the others running. */
  async stopAll(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop().catch(() => undefined);
  }
}
