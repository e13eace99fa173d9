import { performance } from 'node:perf_hooks';

/** Milliseconds between named points of one request, for one debug line of where its time went. */
export class Laps {
  private last: number;
  readonly all: Record<string, number> = {};

  constructor(private readonly now: () => number = () => performance.now()) {
    this.last = now();
  }

  lap(name: string): void {
    const now = this.now();
    this.all[name] = Math.round(now - this.last);
    this.last = now;
  }
}
