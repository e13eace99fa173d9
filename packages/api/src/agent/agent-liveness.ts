/**
 * Tells a live agent from one that does not answer (SIGSTOPped, its event loop stuck,
 * overloaded) by a cheap health probe with a short deadline, so the API can answer 503
 * within about two probe deadlines instead of waiting for an operation's deadline.
 * Probes are shared: any number of callers waiting at once cause one probe, and one
 * monitor probes every `intervalMs` while watched calls run.
 */
export class AgentLiveness {
  private inFlight: Promise<boolean> | null = null;
  private readonly watchers = new Set<() => void>();
  private monitor: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    /** Resolves true when the agent answered SERVING in time; any failure counts as no answer. */
    private readonly check: () => Promise<boolean>,
    private readonly intervalMs: number,
  ) {}

  probe(): Promise<boolean> {
    this.inFlight ??= this.check().catch(() => false).then((ok) => {
      this.inFlight = null;
      return ok;
    });
    return this.inFlight;
  }

  /**
   * Settles like `call`, unless a probe goes unanswered first: then `abandon()` is called
   * (it cancels the call and says why) and its error rejects the result.
   */
  watch<T>(call: Promise<T>, abandon: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (): void => {
        if (settled) return;
        settled = true;
        this.watchers.delete(fail);
        reject(abandon());
      };
      this.watchers.add(fail);
      this.startMonitor();
      call.then(
        (value) => {
          if (settled) return;
          settled = true;
          this.watchers.delete(fail);
          resolve(value);
        },
        (err) => {
          if (settled) return;
          settled = true;
          this.watchers.delete(fail);
          reject(err);
        },
      );
    });
  }

  private startMonitor(): void {
    if (this.monitor || this.closed) return;
    const tick = async (): Promise<void> => {
      if (this.watchers.size > 0 && !(await this.probe())) {
        for (const fail of [...this.watchers]) fail();
      }
      this.monitor = null;
      if (this.watchers.size > 0) this.startMonitor();
    };
    this.monitor = setTimeout(() => void tick(), this.intervalMs);
    this.monitor.unref();
  }

  close(): void {
    this.closed = true;
    if (this.monitor) clearTimeout(this.monitor);
    this.monitor = null;
    for (const fail of [...this.watchers]) fail();
  }
}
