// Coalesces rapid requests (scrubbing, playing): at most one runs at a time,
// and of those that arrive meanwhile only the latest is run next.
export class LatestWins<A, R> {
  private running = false;
  private pending: { arg: A } | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly run: (arg: A) => Promise<R>,
    private readonly done: (arg: A, result: R) => void,
    private readonly failed: (arg: A, error: unknown) => void,
  ) {}

  request(arg: A): void {
    if (this.running) {
      this.pending = { arg };
      return;
    }
    void this.start(arg);
  }

  get busy(): boolean {
    return this.running;
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async start(arg: A): Promise<void> {
    this.running = true;
    try {
      const r = await this.run(arg);
      this.done(arg, r);
    } catch (e) {
      this.failed(arg, e);
    }
    const next = this.pending;
    this.pending = null;
    if (next) {
      void this.start(next.arg);
      return;
    }
    this.running = false;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
