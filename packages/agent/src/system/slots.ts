/** At most `size` pieces of work at once; the rest start in the order they came as slots free up. */
export class Slots {
  private busy = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a slot count must be a positive integer, not ${size}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy >= this.size) await new Promise<void>((r) => this.queue.push(r));
    else this.busy++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (busy stays), or is freed.
      const next = this.queue.shift();
      if (next) next();
      else this.busy--;
    }
  }

  /** Work running now and work waiting for a slot. */
  get load(): { running: number; waiting: number } {
    return { running: this.busy, waiting: this.queue.length };
  }
}
